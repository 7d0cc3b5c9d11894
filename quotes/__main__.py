"""``python -m quotes`` is the ``quotes`` command."""
from .cli import main

main(prog_name="quotes")
