"""`python -m site_builder`."""

from .cli import run

run()
