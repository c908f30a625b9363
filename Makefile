# Two commands: `make run` serves the portal with a worker and beat; `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test venv lint bench clean messages

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

venv: $(VENV)/.installed

# exec: bin/run itself is make's child, so its clean stop on Ctrl-C (exit 0) leaves make nothing to report.
run: venv
	HOST=$(HOST) PORT=$(PORT) PYTHON=$(PY) exec bin/run

test: venv
	$(PY) -m pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

# BENCH_SCALE=0.05 for a quick run (5,000 recordals and items); BENCH_DATABASE_URL names the throw-away database.
BENCH_SCALE ?= 1
bench: venv
	$(PY) bench/run.py --scale $(BENCH_SCALE)

# Refresh the Chinese catalogues after changing user-facing text, then fill the new msgstr entries.
MSG_IGNORE := --ignore=.venv --ignore=node_modules --ignore=test-artifacts --ignore=bench --ignore=var
messages: venv
	$(PY) manage.py makemessages -l zh_Hans --no-location $(MSG_IGNORE)
	$(PY) manage.py makemessages -d djangojs -l zh_Hans --no-location $(MSG_IGNORE)
	$(PY) manage.py compilemessages -l zh_Hans $(MSG_IGNORE)

clean:
	rm -rf var/celery var/portal.sqlite3 var/media staticfiles
