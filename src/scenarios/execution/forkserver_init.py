"""Imported first by the fork server, and only there: Ctrl-C in a terminal reaches every process of the
group, and the run itself stops its workers cleanly, so the server (still importing the model for a second or
two) and the workers forked from it ignore it instead of dying with a KeyboardInterrupt traceback.  A worker
whose run is gone ends by itself (executors._die_with)."""

import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)
