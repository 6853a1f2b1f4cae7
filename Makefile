# B2B vs B2C operations playbook. Quick start: `make lab` (open the course), `make test` (run every test).
# Everything installs into .venv with the pinned versions in requirements/constraints.txt.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
KERNEL := b2b-b2c-playbook
STAMP  := $(VENV)/.installed-stamp
# Pins are made on Python 3.11+; on 3.10 the version ranges of pyproject.toml are used instead.
PINS   := $(shell $(PYTHON) -c 'import sys; print("-c requirements/constraints.txt" if sys.version_info >= (3, 11) else "")' 2>/dev/null)
# JupyterLab refuses to run as root unless told to; only pass the flag when we are root.
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
export PYTHONHASHSEED := 0

.PHONY: help install lab test notebooks data bench e2e lock clean

help:
	@echo "make lab        open the course in JupyterLab (installs .venv on first run)"
	@echo "make test       run every test: unit, doctests, hygiene, strict nbval on all notebooks"
	@echo "make notebooks  re-execute every notebook in place (deterministic outputs)"
	@echo "make data       regenerate data/ from the seeded generator"
	@echo "make bench      run the speed/memory referee (installs the bench extra: lifetimes)"
	@echo "make e2e        open the widget notebooks in real JupyterLab + headless Chromium (optional)"

$(STAMP): pyproject.toml requirements/constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check $(PINS) -e '.[test]'
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (B2B vs B2C playbook)" --env PYTHONHASHSEED 0 >/dev/null
	@touch $(STAMP)

install: $(STAMP)

lab: $(STAMP)
	$(VENV)/bin/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=. \
		--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb $(ROOT_FLAG)

test: $(STAMP)
	$(PY) -m pytest --doctest-modules $(NBVAL) tests playbook_lib notebooks

notebooks: $(STAMP)
	$(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.record_timing=False --ExecutePreprocessor.kernel_name=$(KERNEL) notebooks/*.ipynb

data: $(STAMP)
	$(PY) -m playbook_lib.generate data

bench: $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check $(PINS) -e '.[test,bench]'
	$(PY) ../shared/bench/referee.py --size 1m
	$(PY) ../shared/bench/referee.py --size 10m --only rfm,memory

e2e: $(STAMP)
	@command -v chromium >/dev/null || { echo "make e2e needs Debian's chromium: apt-get install chromium"; exit 1; }
	cd tests/e2e && npm install --silent --no-audit --no-fund
	node tests/e2e/widgets_in_lab.mjs

lock:
	rm -rf /tmp/playbook-lock && $(PYTHON) -m venv /tmp/playbook-lock
	/tmp/playbook-lock/bin/pip install --quiet -e '.[test]'
	( echo "# Pinned versions used by \`make\` (pip install -c). Notebook outputs are committed with these."; \
	  echo "# Regenerate with \`make lock\` after changing pyproject.toml ranges."; \
	  /tmp/playbook-lock/bin/pip freeze --exclude-editable | grep -vi '^playbook' ) > requirements/constraints.txt

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
