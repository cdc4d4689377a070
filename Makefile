# Two commands do all the set-up on a fresh Debian machine:
#   make demo   installs everything and runs a whole simulated campaign
#   make test   installs everything and runs the tests
VENV ?= .venv
PY := $(VENV)/bin/python
APT_PACKAGES := ffmpeg espeak-ng sox graphviz fonts-nanum chromium redis-server

.PHONY: install demo test lint bench

$(VENV)/.installed: pyproject.toml
	@if ! command -v ffmpeg >/dev/null || ! command -v espeak-ng >/dev/null || ! command -v chromium >/dev/null \
	   || ! command -v dot >/dev/null || ! command -v redis-server >/dev/null || ! fc-list | grep -q Nanum; then \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(APT_PACKAGES); fi
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# The CPU build of torch from the local wheel, before anything can ask for a CUDA one.
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[dev]'
	$(VENV)/bin/voicebot stt install
	$(VENV)/bin/voicebot nlu install
	touch $@

install: $(VENV)/.installed

demo: install
	$(VENV)/bin/voicebot demo

test: install
	$(VENV)/bin/python -m pytest -q

lint: install
	$(VENV)/bin/ruff check .

# Every figure of BENCHMARKS.md's first table (about 95 minutes on 2 cores).
bench: install
	$(PY) scripts/bench_faults.py
	$(PY) scripts/bench_import.py --rows 100000 --database sqlite
	$(PY) scripts/bench_import.py --rows 1000000 --database postgresql
	$(PY) scripts/bench_pacing.py --rate 5 --workers 4 --seconds 60
	$(PY) scripts/bench_pacing.py --rate 20 --workers 4 --seconds 60
	$(PY) scripts/bench_workplace.py --cases 10000
	$(PY) scripts/bench_stt.py
	$(PY) scripts/eval_nlu.py --brief --cv
	$(PY) scripts/whisper_errors.py --nlu
	$(PY) scripts/noise_ceiling.py
	$(PY) scripts/bench_nlu.py
