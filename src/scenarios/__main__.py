"""`python -m scenarios`: the same command as the `scenarios` script."""

from .entry import main

main()
