"""Imported first by the fork server, and only there: it ignores Ctrl-C while it imports the model.

A server started from the main thread already ignores Ctrl-C from its first instruction
(`signals.children_ignore_interrupts`); one started from another thread (a notebook's or a web page's worker
thread calling the API with several workers) cannot be given that, and this covers its second of imports.
CPython's fork server ignores Ctrl-C itself only once its preload has finished."""

import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)
