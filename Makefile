# The two set-up commands of the README. PYTHON may name any interpreter >= 3.12.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

$(BIN)/scenarios: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null || \
	  { echo "scenarios needs Python >= 3.12; '$(PYTHON)' is older or missing. Try: make $(MAKECMDGOALS) PYTHON=python3.12"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[ema,dask,test]'
	@# an editable install leaves the package's own bytecode to its first import, which cannot write it where
	@# PYTHONDONTWRITEBYTECODE is set (containers): every command then compiled ~60 modules, 0.25 s a run
	$(BIN)/python -m compileall -q src/scenarios
	@echo "compiling the model's kernel (numba; once per installation, 20-45 s)"
	$(BIN)/python -c 'import scenarios.model.compiled.run'
	touch $@

.PHONY: run test test-all bench docs seminar-images validation
run: $(BIN)/scenarios  ## install, then run the main job
	$(BIN)/scenarios run configs/lethal_aid.yaml

test: $(BIN)/scenarios  ## install, then run the fast test suite
	$(BIN)/python -m pytest -q

test-all: $(BIN)/scenarios  ## including the slow tests
	$(BIN)/python -m pytest -q -m ""

bench: $(BIN)/scenarios
	$(BIN)/python benchmarks/throughput.py

docs: $(BIN)/scenarios  ## regenerate docs/config-reference.md from the schema
	$(BIN)/python -m scenarios.config.reference > docs/config-reference.md

seminar-images: $(BIN)/scenarios  ## regenerate docs/img/ for docs/seminar.md (a few minutes)
	$(BIN)/python docs/make_images.py

validation: $(BIN)/scenarios  ## regenerate docs/validation.md (about 20 s; reads docs/img/sensitivity.json)
	$(BIN)/python docs/make_validation.py
