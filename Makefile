# Two commands do everything on a fresh clone: `make run` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha1sum | cut -c1-12)
PORT ?= 8501
WEB_PORT ?= 8502

.PHONY: setup system-packages run test test-fast bench lint clean-db

$(STAMP):
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $@

# WeasyPrint (the meeting papers as PDF) needs Pango and a local font. On Debian or Ubuntu the ones
# missing are installed (as root); elsewhere a line says which to install.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core

system-packages:
	@command -v dpkg >/dev/null 2>&1 || { echo "install Pango and the DejaVu fonts for the PDF papers"; exit 0; }; \
	missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else echo "the PDF papers need: sudo apt-get install $$missing"; fi

# Install pinned dependencies, migrate the database, load the demo data if it is empty.
setup: system-packages $(STAMP)
	$(BIN)/python -m osloreg db upgrade
	$(BIN)/python -m osloreg demo load --if-empty

# The app, and beside it the small HTTP app of the calendar feeds and mail links (python -m osloreg
# web); both stop together.
run: setup
	@$(BIN)/python -m osloreg web --port $(WEB_PORT) & web=$$!; \
	trap 'kill $$web 2>/dev/null' EXIT INT TERM; \
	$(BIN)/streamlit run app.py --server.port $(PORT)

# Tests that need no browser run on TEST_WORKERS processes (pytest-xdist); the browser tests then run
# one at a time, since each drives a Streamlit server and Chromium that time their clicks and would
# compete for the same cores.
TEST_WORKERS ?= 2

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n $(TEST_WORKERS) -m "not browser"
	$(BIN)/python -m pytest -m browser

# The inner loop: no PostgreSQL, no Chromium, no reliability suite (`make test` runs them all).
test-fast: system-packages $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) -m "not postgres and not browser and not reliability"

# AppTest pages and Chromium flows at 1x and 100x (README: Performance, for how long); exit 1 if any
# budget is missed. BENCH_ARGS="--quick" tries the harness; BENCH_ARGS="--no-browser" skips Chromium.
bench: setup
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The audit trail's witness goes with the database: kept, it would flag the new one as an older copy.
clean-db:
	rm -f var/osloreg.sqlite3 var/osloreg.sqlite3-wal var/osloreg.sqlite3-shm var/audit_witness
