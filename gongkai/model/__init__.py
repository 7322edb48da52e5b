"""The site model: typed documents, URLs, sections and cross-file checks."""
