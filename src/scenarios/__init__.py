"""scenarios: strategic scenario simulation of Seoul's lethal-aid choice (see README.md)."""
