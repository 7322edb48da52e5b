"""Rendering: Jinja2 templates over the model, producing in-memory outputs."""
