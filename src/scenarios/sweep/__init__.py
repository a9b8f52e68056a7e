"""Parameter sweeps: a design of points over config keys, each point a run of the same replications."""
