"""`python -m scenarios`: the same command as the `scenarios` script."""

from .entry import forget_handled_interrupts, main

try:
    main()
finally:
    forget_handled_interrupts()  # else a handled Ctrl-C may still end `python -m` with SIGINT (entry.py says why)
