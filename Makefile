# Staffroom: `make run` to try it, `make test` to check it. GNU make; needs Python 3.11.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VPY := $(VENV)/bin/python
PIP := PIP_DISABLE_PIP_VERSION_CHECK=1 $(VPY) -m pip
MANAGE := $(VPY) manage.py
ADDRESS ?= 127.0.0.1:8000
CHROMIUM ?= $(or $(STAFFROOM_CHROMIUM),/usr/bin/chromium)
# Extra arguments for pytest, e.g. make test PYTEST_ARGS="-k journey -x"
PYTEST_ARGS ?=

# Stamps: reinstall only when pyproject.toml is newer than the last install.
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev

define DEMO_LOGINS
------------------------------------------------------------------------
 Staffroom is at http://$(ADDRESS)/   (password for everyone: staffroom-demo)

   head@oakfield.example       headteacher and school admin, Oakfield Primary School
   teacher@oakfield.example    class teacher (Year 4), Oakfield Primary School
   ta@oakfield.example         teaching assistant, Oakfield Primary School
   governor@oakfield.example   governor, Oakfield Primary School
   head@riverside.example      headteacher and school admin, Riverside Academy
   teacher@riverside.example   mathematics teacher, Riverside Academy
   cpdlead@alliance.example    CPD coordinator at Fenbridge; alliance CPD lead

 Press Ctrl-C to stop the server and the background worker.
------------------------------------------------------------------------
endef
export DEMO_LOGINS

define NO_CHROMIUM
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
!!  Chromium is not installed at $(CHROMIUM): the BROWSER JOURNEYS WILL
!!  BE SKIPPED. Install it with `sudo apt-get install chromium`.
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
endef
export NO_CHROMIUM

.PHONY: help run test lint format system-packages system-packages-test clean distclean

help:
	@echo "make run     set up, load the demo school and serve it on http://$(ADDRESS)/"
	@echo "make test    run every test, browser journeys included"
	@echo "make lint    ruff check and format check (make format fixes what it can)"
	@echo "make clean   remove caches and test output (distclean also removes .venv and the database)"

$(VPY):
	@if [ -z "$(PYTHON)" ]; then echo "Python 3.11 is needed: install python3.11 (Debian: apt-get install python3 python3-venv)." >&2; exit 1; fi
	@echo "Creating $(VENV) with $(PYTHON)"
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); echo "Could not create a virtual environment; on Debian install python3-venv." >&2; exit 1; }

$(STAMP_RUN): pyproject.toml | $(VPY)
	@echo "Installing Staffroom and its dependencies into $(VENV)"
	@$(PIP) install -qq --editable .
	@touch $@

$(STAMP_DEV): pyproject.toml | $(VPY)
	@echo "Installing Staffroom with its development tools into $(VENV)"
	@$(PIP) install -qq --editable '.[dev]'
	@touch $@ $(STAMP_RUN)

run: $(STAMP_RUN) system-packages
	@$(MANAGE) migrate --noinput
	@$(MANAGE) load_demo
	@# The worker runs tasks queued by the site (emails, reminders); it stops when the server stops.
	@$(MANAGE) db_worker --no-reload --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null; echo "Stopped the background worker."' EXIT; \
	trap 'exit 0' INT TERM; \
	echo "$$DEMO_LOGINS"; \
	$(MANAGE) runserver $(ADDRESS)

# System packages: WeasyPrint (PDF portfolios) needs Pango; the browser journeys need Debian's Chromium.
# They are installed only where we may (root with apt-get); elsewhere we say what is missing and carry on.
WEASYPRINT_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
define ensure_debs
	@missing=""; \
	if command -v dpkg-query >/dev/null; then \
	  for pkg in $(1); do \
	    dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "ok installed" || missing="$$missing $$pkg"; \
	  done; \
	fi; \
	if [ -n "$(2)" ] && [ ! -x $(CHROMIUM) ]; then missing="$$missing chromium"; fi; \
	if [ -n "$$missing" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing system packages:$$missing (apt-get; log in /tmp/staffroom-apt.log)"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; } \
	    >/tmp/staffroom-apt.log 2>&1 || echo "Could not install$$missing; see /tmp/staffroom-apt.log."; \
	elif [ -n "$$missing" ]; then \
	  echo "Missing system packages:$$missing. Install them with: sudo apt-get install$$missing"; \
	fi
	$(if $(2),@if [ ! -x $(CHROMIUM) ]; then echo "$$NO_CHROMIUM"; fi)
endef

system-packages:
	$(call ensure_debs,$(WEASYPRINT_DEBS),)

system-packages-test:
	$(call ensure_debs,$(WEASYPRINT_DEBS),chromium)

test: $(STAMP_DEV) system-packages-test
	@$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(STAMP_DEV)
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .

format: $(STAMP_DEV)
	@$(VENV)/bin/ruff check --fix .
	@$(VENV)/bin/ruff format .

clean:
	rm -rf test-results .pytest_cache .ruff_cache build *.egg-info var/static
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) db.sqlite3 db.sqlite3-journal var
