"""site-builder: a static site generator for news and reports."""

__version__ = "0.1.0"
