"""The seminar page (`scenarios serve`): move an assumption, watch the Monte Carlo answer change.

estimate.py is the callback layer (settings in, results out; plain functions, unit-tested); app.py is the
Shiny page that calls it.  Both call the same library functions as the command line."""
