"""Checks on the rendered site, before it is written."""
