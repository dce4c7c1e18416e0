# Two commands do everything: `make demo` and `make test`. Both set up .venv first (once; again only
# when pyproject.toml or constraints.txt change).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO   := build/demo
CHROMIUM := /usr/bin/chromium

.PHONY: demo test bench setup lock clean

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; found " + sys.version.split()[0])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,dev]'
	touch $(STAMP)

demo: $(STAMP)
	rm -rf $(DEMO) && mkdir -p $(DEMO)
	$(BIN)/workshop-kit validate sample_data
	$(BIN)/workshop-kit import sample_data $(DEMO)/engagement.db
	$(BIN)/workshop-kit summary $(DEMO)/engagement.db
	@echo "Rehearse the room on the sample's empty session (it starts at 0 of 7):"
	@echo "  $(BIN)/workshop-kit room $(DEMO)/engagement.db --team north --session north-rehearsal"
	@echo "Walk through the weeks between North's kickoff and its April review (each person's page, the team's page):"
	@echo "  $(BIN)/workshop-kit hub $(DEMO)/engagement.db --team north --today 2026-02-10"
	$(BIN)/workshop-kit report $(DEMO)/engagement.db --out $(DEMO)/reports --format html,pdf,pptx

test: $(STAMP) $(CHROMIUM)
	$(BIN)/ruff check kit tests benchmarks
	$(BIN)/ruff format --check kit tests benchmarks
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The browser tests drive Debian's chromium (never a downloaded browser); installed when missing.
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then \
	  echo "installing chromium for the browser tests"; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "chromium is missing: install it (sudo apt-get install chromium), then run make test again"; exit 1; fi

# Speed and memory of the report batch against the naive papermill + nbconvert route (a few minutes).
bench: $(STAMP)
	$(BIN)/python benchmarks/report_bench.py
	$(BIN)/python benchmarks/write_bench.py

# One form submit (a goal, a vote) at 1, 10 and 100 synthetic teams: a write's time must not grow with the store.
.PHONY: bench-writes
bench-writes: $(STAMP)
	$(BIN)/python benchmarks/write_bench.py

# The room against today's per-page Voilà app, 30 participants joining one after another: time to a usable page,
# CPU-seconds per join, memory, the wall's latency and dots lost to 30 simultaneous votes; then the room under load:
# 29 goal saves, 29 pulse answers and 30 x 7 dot presses, each batch at the same instant; then one link opened 500
# times and 10 phones that go silent (about 15 minutes).
.PHONY: bench-room
bench-room: $(STAMP) $(CHROMIUM)
	$(BIN)/python benchmarks/room_bench.py
	$(BIN)/python benchmarks/room_load_bench.py
	$(BIN)/python benchmarks/room_abuse_bench.py

# Resolve pyproject.toml (runtime and every extra) into constraints.txt, every package underneath pinned, for the
# venv's Python. Pins already in constraints.txt are kept unless pyproject.toml asks otherwise; to move some on:
# make lock LOCK_ARGS='--upgrade-package pandas' (or LOCK_ARGS=--upgrade for all). Needs only uv, not the set-up
# (which installs the old constraints and would refuse a changed pin); the next make setup installs the result.
UV_PIN = $(shell grep -o '"uv==[^"]*"' pyproject.toml | tr -d '"')
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check '$(UV_PIN)'
	$(BIN)/uv pip compile pyproject.toml --all-extras --python $(BIN)/python --custom-compile-command 'make lock' \
	  --quiet $(LOCK_ARGS) -o constraints.txt

clean:
	rm -rf $(VENV) build

# The hub between sessions against the room's phone page, 30 members joining one after another; then asks saved
# with every page connected, and ten asks sent at the same instant (a few minutes).
.PHONY: bench-hub
bench-hub: $(STAMP) $(CHROMIUM)
	$(BIN)/python benchmarks/hub_bench.py
