# The two set-up commands of README.md:
#   make serve   install, make the sample data, start the service on http://localhost:5000
#   make test    install with the test extras and run the whole test suite
# Both find a Python 3.12+ interpreter by themselves (PATH first, then pyenv).

VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: install install-test serve test clean

$(PY):
	@set -e; py=$$(bin/find-python); echo "using $$py"; "$$py" -m venv $(VENV); \
	$(PY) -m pip install --quiet --upgrade pip

install: $(PY)
	$(PY) -m pip install --quiet -e .

install-test: $(PY)
	$(PY) -m pip install --quiet -e '.[test]'

serve: install
	$(VENV)/bin/opendias serve

test: install-test
	$(VENV)/bin/python -m pytest

clean:
	rm -rf $(VENV) var build *.egg-info
