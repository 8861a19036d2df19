# The two commands of the quick start: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# The venv of `make run` and `make test` holds the development requirements too (they include the
# runtime ones); a deployment installs requirements.txt alone (deploy/Dockerfile).
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)
export FLASK_APP := wsgi

.PHONY: install run test db demo clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

db: install
	RED_STEWARD_CONFIG=demo $(BIN)/flask db upgrade heads

# Seeds only a database without a street: a restart keeps the operator's changes (seed-demo --force reloads).
demo: db
	RED_STEWARD_CONFIG=demo $(BIN)/flask seed-demo

run: demo
	RED_STEWARD_CONFIG=demo $(BIN)/flask serve --host 127.0.0.1 --port 5000

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) instance
