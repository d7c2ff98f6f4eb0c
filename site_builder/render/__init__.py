"""From the site index to output files: Jinja2 pages, feeds, machine files."""
