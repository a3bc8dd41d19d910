# The two commands of README: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_HOME ?= demo-home

.PHONY: demo test system venv eval bench clean

system:
	@bash scripts/install-system.sh

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $(STAMP)

venv: system $(STAMP)

demo: venv
	rm -rf $(DEMO_HOME)
	$(BIN)/sohoa samples $(DEMO_HOME)/scans --count 3
	SOHOA_HOME=$(DEMO_HOME) $(BIN)/sohoa digitize $(DEMO_HOME)/scans
	SOHOA_HOME=$(DEMO_HOME) $(BIN)/sohoa search "$$(cat $(DEMO_HOME)/scans/demo-query.txt)"

test: venv
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

eval: venv
	$(BIN)/sohoa samples eval-set --count 16 --degrade mixed
	$(BIN)/sohoa eval eval-set

bench: venv
	$(BIN)/pip install -q -e '.[dev,bench]'
	$(BIN)/python benchmarks/bench_pipeline.py --pages 6 --out bench-out
	$(BIN)/python benchmarks/bench_batch.py --pages 24

clean:
	rm -rf $(VENV) $(DEMO_HOME) eval-set .pytest_cache
