# Một Cửa — `make demo` runs the demo, `make test` runs the whole test suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test fuzz bench lint setup system-demo system-test system-bench assets messages clean

demo: system-demo setup
	MOTCUA_DEMO=1 $(BIN)/motcua demo $(ARGS)

# The suite runs on every core (pytest-xdist); PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= auto
test: system-test setup
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Schemathesis over the OpenAPI document with many more cases than `make test` (FUZZ_EXAMPLES per operation
# and identity, plus the coverage phase); prints the number of cases sent.
FUZZ_EXAMPLES ?= 150
fuzz: setup
	MOTCUA_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest motcua/api/tests/test_fuzz.py -p no:cacheprovider -q -s $(PYTEST_ARGS)

# Benchmarks on a database of their own (docs/performance.md): `make bench ARGS="--sqlite"` for the small profile.
bench: system-bench setup
	$(BIN)/motcua bench $(ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

setup: $(STAMP) assets messages

system-demo:
	@scripts/ensure-system-packages.sh demo

system-test:
	@scripts/ensure-system-packages.sh test

system-bench:
	@scripts/ensure-system-packages.sh bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Front-end libraries come pinned from the npm registry and are served from our own static files.
assets: motcua/core/static/vendor/htmx.min.js

motcua/core/static/vendor/htmx.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	mkdir -p motcua/core/static/vendor
	cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map motcua/core/static/vendor/
	rm -rf motcua/core/static/vendor/leaflet && mkdir -p motcua/core/static/vendor/leaflet
	cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images node_modules/leaflet/LICENSE motcua/core/static/vendor/leaflet/
	cp node_modules/@json-editor/json-editor/dist/jsoneditor.js node_modules/@json-editor/json-editor/dist/jsoneditor.js.LICENSE.txt motcua/core/static/vendor/
	cp node_modules/htmx.org/dist/htmx.min.js $@

messages: $(STAMP)
	$(BIN)/motcua compilemessages --ignore=.venv --ignore=node_modules --ignore=var -v 0

clean:
	rm -rf $(VENV) node_modules motcua/core/static/vendor var
