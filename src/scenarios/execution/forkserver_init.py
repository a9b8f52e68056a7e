"""Imported first by the fork server, and only there: Ctrl-C is ignored from here on, in the server and the
workers forked from it (the server starts with it blocked: `signals.interrupts_blocked_for_children`; CPython's
fork server would ignore it itself only once its preload, the model's second of imports, has finished)."""

import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)
