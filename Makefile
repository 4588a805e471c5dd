# mentorkit — `make demo` to try it, `make test` to check it. See README.md.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Local use: DEBUG on, secret key generated into var/. Override for production.
LOCAL_ENV := DEBUG=$${DEBUG:-1}

.PHONY: demo run test test-browser lint bench install clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# var/local.env keeps DEBUG=1 for the `mentorkit` command after `make demo` or `make run`.
LOCAL_ENV_FILE = "$${MENTORKIT_VAR_DIR:-var}/local.env"
define write_local_env
	@mkdir -p "$${MENTORKIT_VAR_DIR:-var}"
	@test -f $(LOCAL_ENV_FILE) || printf '# Written by make demo / make run: local use. The environment wins.\nDEBUG=1\n' > $(LOCAL_ENV_FILE)
endef

demo: $(STAMP)
	$(write_local_env)
	$(LOCAL_ENV) $(BIN)/mentorkit migrate --noinput
	$(LOCAL_ENV) $(BIN)/mentorkit demo
	$(LOCAL_ENV) $(BIN)/mentorkit serve --host $(HOST) --port $(PORT)

run: $(STAMP)
	$(write_local_env)
	$(LOCAL_ENV) $(BIN)/mentorkit migrate --noinput
	$(LOCAL_ENV) $(BIN)/mentorkit serve --host $(HOST) --port $(PORT)

# The OpenID Connect provider the sign-in tests start (npm's oidc-provider, locked).
OIDC := tests/sso/oidc
$(OIDC)/node_modules/.installed: $(OIDC)/package-lock.json
	cd $(OIDC) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: $(STAMP) $(OIDC)/node_modules/.installed
	$(BIN)/pytest -n 2 --dist loadscope --no-loadscope-reorder

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	SECRET_KEY=lint DEBUG=1 MENTORKIT_VAR_DIR=$$(mktemp -d) $(BIN)/mypy mentorkit
	SECRET_KEY=lint DEBUG=1 MENTORKIT_VAR_DIR=$$(mktemp -d) $(BIN)/python manage.py makemigrations --check --dry-run

bench: $(STAMP)
	$(BIN)/python -m tests.bench

clean:
	rm -rf $(VENV) build *.egg-info
