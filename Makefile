# okur: `make run` serves the site, `make test` runs every test. Both first install whatever is
# missing (and skip what is already there), so they work on a fresh machine.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run

TRUNK_VERSION := 0.21.14
# Must equal the wasm-bindgen pinned in Cargo.toml / Cargo.lock and Trunk.toml.
WASM_BINDGEN_VERSION := 0.2.130
WASM := wasm32-unknown-unknown
# Build tools are built for a quick install, not for their own speed: Trunk only starts cargo,
# wasm-bindgen and wasm-opt and copies a few files, so it is not optimized at all, and without
# LTO (its own profile asks for fat LTO and one codegen unit); of wasm-bindgen-cli only the
# crates that read, rewrite and write wasm (debug info included, for the browser tests) are
# optimized. --no-default-features leaves out what okur never uses: Trunk's update check and
# TLS (it downloads nothing here), the CLI's TLS. Timings: docs/performance.md.
TOOL_PROFILE := CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
	CARGO_PROFILE_RELEASE_OPT_LEVEL=0
WASM_BINDGEN_HOT := walrus wasm-bindgen-cli-support wasmparser gimli leb128 id-arena
WASM_BINDGEN_CONFIG := $(foreach crate,$(WASM_BINDGEN_HOT),--config 'profile.release.package."$(crate)".opt-level=1')

# Tools installed by cargo (in $CARGO_HOME, ~/.cargo by default), and node's (binaryen's
# wasm-opt 132, Playwright), come first.
export PATH := $(CURDIR)/e2e/node_modules/.bin:$(or $(CARGO_HOME),$(HOME)/.cargo)/bin:$(PATH)
# wasm-bindgen-test drives Debian's Chromium through chromedriver.
export CHROMEDRIVER ?= /usr/bin/chromedriver
export WASM_BINDGEN_TEST_WEBDRIVER_JSON := $(CURDIR)/tests/webdriver.json

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y
NODE_STAMP := e2e/node_modules/.okur-installed
SERVER := target/server/okur

SCHEMATHESIS_VERSION := 4.32.5
SCHEMATHESIS := e2e/.venv/bin/schemathesis
SCHEMATHESIS_STAMP := e2e/.venv/.schemathesis-$(SCHEMATHESIS_VERSION)
FEEDPARSER_VERSION := 6.0.11
FEEDPARSER_STAMP := e2e/.venv/.feedparser-$(FEEDPARSER_VERSION)
# A real SMTP server for the email tests and the mail bench.
AIOSMTPD_VERSION := 1.4.6
AIOSMTPD_STAMP := e2e/.venv/.aiosmtpd-$(AIOSMTPD_VERSION)
# Real sample photographs and SSIM for the image bench.
SKIMAGE_VERSION := 0.25.2
SKIMAGE_STAMP := e2e/.venv/.scikit-image-$(SKIMAGE_VERSION)

PG_BIN := /usr/lib/postgresql/15/bin

.PHONY: run test tools rust rust-target trunk-tool wasm-bindgen-tool tools-test web server build lint unit unit-postgres postgres wasm-test e2e size bench bench-mail bench-media bench-search bench-wordpress fmt clean schemathesis feeds

## run: install what is missing, build the site (release, wasm-opt) and the server, serve it.
##      OKUR_ADDR (default 127.0.0.1:8080) and OKUR_DB (default data/okur.db) are honoured.
run: build
	$(SERVER) serve

## test: install what is missing, then format, lints, unit, integration, browser and e2e tests.
test: tools-test lint unit unit-postgres wasm-test web size e2e schemathesis feeds
	@echo "make test: all checks passed"

## build: the release front end in dist/ (the moderation page in dist/moderation/, a build of
##        its own that readers never download) and the server binary, side by side (-j4): the
##        tools and the front end first, the server (niced) in whatever time they leave idle
##        (links, the wasm's LTO and wasm-opt run on one core), then on every core.
build:
	@$(MAKE) --no-print-directory -j4 web server

web: tools
	trunk build --release
	cd moderation && trunk build --release

server:
	nice -n 19 cargo build --locked --profile server -p okur

## lint: formatting, clippy on both targets, and every crate's modules a tree (no cycles).
lint: tools
	cargo fmt --all --check
	cargo test --locked -p okur-checks --test module_tree
	cargo clippy --locked --workspace --all-targets -- -D warnings
	cargo clippy --locked -p okur-web --target $(WASM) --features hydrate --all-targets -- -D warnings
	cargo clippy --locked -p okur-moderation --target $(WASM) --features csr --all-targets -- -D warnings

## unit: native tests: shared types, front-end logic, server unit and HTTP/CLI integration tests,
##       and the page's scripts' rules (page/tests, Node's own test runner, no browser).
unit: $(NODE_STAMP)
	cargo test --locked --workspace
	node --test page/tests/

## unit-postgres: the whole server test suite again, on a throw-away PostgreSQL 15 (initdb in a
##                temporary folder, a free port; stopped and removed afterwards, also on failure).
unit-postgres: postgres
	PG_BIN=$(PG_BIN) server/tests/with-postgres.sh cargo test --locked -p okur

## postgres: Debian's PostgreSQL 15 binaries, when missing (nothing is started by installing).
postgres:
	@test -x $(PG_BIN)/initdb || { $(SUDO) apt-get update && $(APT_INSTALL) postgresql; }

## wasm-test: component tests in headless Chromium (the browser build: feature hydrate).
wasm-test: tools-test
	cargo test --locked -p okur-web --target $(WASM) --features hydrate --test web --test comments

## e2e: Playwright against real `okur serve` processes on free ports with temporary databases
##      (and, for the email tests, aiosmtpd from e2e/.venv as the SMTP server).
e2e: tools-test $(AIOSMTPD_STAMP)
	cargo build --locked -p okur
	test -f dist/index.html -a -f dist/moderation/index.html || $(MAKE) web
	cd e2e && OKUR_BIN=$(CURDIR)/target/debug/okur OKUR_DIST=$(CURDIR)/dist playwright test

## schemathesis: the API contract fuzzed: schemathesis (PyPI, in e2e/.venv) against a live
##               `okur serve`, every operation and link of /api/openapi.json, every check.
schemathesis: $(SCHEMATHESIS_STAMP) $(NODE_STAMP)
	cargo build --locked -p okur
	cd e2e && OKUR_BIN=$(CURDIR)/target/debug/okur OKUR_DIST=$(CURDIR)/dist node scripts/schemathesis.mjs $(CURDIR)/$(SCHEMATHESIS)

## feeds: every Atom feed of a live demo site parsed by feedparser (PyPI, in e2e/.venv).
feeds: $(FEEDPARSER_STAMP) $(NODE_STAMP)
	cargo build --locked -p okur
	test -f dist/index.html -a -f dist/moderation/index.html || $(MAKE) web
	cd e2e && OKUR_BIN=$(CURDIR)/target/debug/okur OKUR_DIST=$(CURDIR)/dist node scripts/feeds.mjs $(CURDIR)/e2e/.venv/bin/python

$(AIOSMTPD_STAMP): $(SCHEMATHESIS_STAMP)
	e2e/.venv/bin/pip install --quiet --disable-pip-version-check aiosmtpd==$(AIOSMTPD_VERSION)
	touch $@

$(SKIMAGE_STAMP): $(SCHEMATHESIS_STAMP)
	e2e/.venv/bin/pip install --quiet --disable-pip-version-check scikit-image==$(SKIMAGE_VERSION)
	touch $@

$(FEEDPARSER_STAMP): $(SCHEMATHESIS_STAMP)
	e2e/.venv/bin/pip install --quiet --disable-pip-version-check feedparser==$(FEEDPARSER_VERSION)
	touch $@

$(SCHEMATHESIS_STAMP):
	@command -v python3 >/dev/null || { $(SUDO) apt-get update && $(APT_INSTALL) python3 python3-venv; }
	@python3 -m venv --help >/dev/null 2>&1 || { $(SUDO) apt-get update && $(APT_INSTALL) python3-venv; }
	rm -rf e2e/.venv
	python3 -m venv e2e/.venv
	e2e/.venv/bin/pip install --quiet --disable-pip-version-check schemathesis==$(SCHEMATHESIS_VERSION)
	@$(SCHEMATHESIS) --version
	touch $@

## size: brotli size of everything a page view downloads, server-rendered HTML included (budget 160 KB).
size: $(NODE_STAMP)
	cargo build --locked -p okur
	test -f dist/index.html -a -f dist/moderation/index.html || $(MAKE) web
	cd e2e && OKUR_BIN=$(CURDIR)/target/debug/okur OKUR_DIST=$(CURDIR)/dist node scripts/size.mjs 160

## bench: Lighthouse (LCP against a static copy, scores), wrk (page vs JSON; cached reads
##        against nginx serving the same bytes), reads at 100,000 comments on both stores, and
##        SQLite's WAL under five minutes of mixed load: figures for docs/, on the release
##        build, a 5,000-post WordPress import, 1,000 live readers, the sleeping app under a slow
##        phone's throttling, an article offline, Lighthouse with every reading setting, and the
##        article beside WordPress's (e2e/bench/results.md, reads.md, scale.md, wal.md,
##        wordpress.md, live.md, wake.md, offline.md, settings.md, wordpress-page.md). Figures,
##        not tests.
bench: tools-test build postgres
	@command -v wrk >/dev/null || { $(SUDO) apt-get update && $(APT_INSTALL) wrk; }
	@test -x /usr/sbin/nginx || command -v nginx >/dev/null || { $(SUDO) apt-get update && $(APT_INSTALL) nginx-light; }
	cd e2e && OKUR_BIN=$(CURDIR)/$(SERVER) OKUR_DIST=$(CURDIR)/dist node scripts/bench.mjs
	PG_BIN=$(PG_BIN) server/tests/with-postgres.sh sh -c \
		'cd e2e && OKUR_BIN=$(CURDIR)/$(SERVER) OKUR_DIST=$(CURDIR)/dist node scripts/read-bench.mjs'
	PG_BIN=$(PG_BIN) server/tests/with-postgres.sh sh -c \
		'cd e2e && OKUR_BIN=$(CURDIR)/$(SERVER) OKUR_DIST=$(CURDIR)/dist node scripts/scale-bench.mjs'
	cd e2e && OKUR_BIN=$(CURDIR)/$(SERVER) OKUR_DIST=$(CURDIR)/dist node scripts/wal-bench.mjs
	cd e2e && OKUR_BIN=$(CURDIR)/$(SERVER) node scripts/wxr-bench.mjs
	$(MAKE) --no-print-directory bench-search
	cd e2e && OKUR_BIN=$(CURDIR)/$(SERVER) OKUR_DIST=$(CURDIR)/dist node scripts/sse-bench.mjs
	cd e2e && OKUR_BIN=$(CURDIR)/$(SERVER) OKUR_DIST=$(CURDIR)/dist node scripts/wake-bench.mjs
	cd e2e && OKUR_BIN=$(CURDIR)/$(SERVER) OKUR_DIST=$(CURDIR)/dist node scripts/offline-bench.mjs
	cd e2e && OKUR_BIN=$(CURDIR)/$(SERVER) OKUR_DIST=$(CURDIR)/dist node scripts/settings-bench.mjs
	$(MAKE) --no-print-directory bench-wordpress

## bench-mail: reply emails under a burst of replies, delivered to aiosmtpd (e2e/.venv): 10,000
##             emails' rate, posting's rate beside it without emails, kill -9 mid-delivery; on
##             SQLite, then on PostgreSQL with two replicas sending (e2e/bench/mail.md).
bench-mail: tools-test server postgres $(AIOSMTPD_STAMP)
	PG_BIN=$(PG_BIN) server/tests/with-postgres.sh sh -c \
		'cd e2e && OKUR_BIN=$(CURDIR)/$(SERVER) OKUR_DIST=$(CURDIR)/dist node scripts/mail-bench.mjs'

## bench-media: a 12-megapixel photograph (scikit-image's astronaut, scaled up) through every
##              variant of an upload (time, peak memory), and a 1200-px lead photograph's
##              variant on a 390-px phone against the original JPEG (bytes, SSIM); Lighthouse
##              mobile on a story with a real photograph as lead image beside one without; a
##              story published on one PostgreSQL replica, seen on another (p99). Figures: a
##              missed goal is printed and the next figure still measured.
bench-media: tools-test build postgres $(SKIMAGE_STAMP)
	cargo build --locked --profile server -p okur --example media_bench
	-e2e/.venv/bin/python e2e/bench/media.py target/server/examples/media_bench
	cd e2e && OKUR_BIN=$(CURDIR)/$(SERVER) OKUR_DIST=$(CURDIR)/dist node scripts/photo-bench.mjs $(CURDIR)/e2e/.venv/bin/python
	PG_BIN=$(PG_BIN) server/tests/with-postgres.sh sh -c \
		'cd e2e && OKUR_BIN=$(CURDIR)/$(SERVER) OKUR_DIST=$(CURDIR)/dist node scripts/publish-bench.mjs'

## bench-search: search and view counting at 100,000 generated articles, on SQLite and on a
##               throw-away PostgreSQL (e2e/bench/search.md).
bench-search: tools-test server postgres
	PG_BIN=$(PG_BIN) server/tests/with-postgres.sh sh -c \
		'cd e2e && OKUR_BIN=$(CURDIR)/$(SERVER) OKUR_DIST=$(CURDIR)/dist node scripts/search-bench.mjs'

## bench-wordpress: the same article with 100 comments from okur and from WordPress 6.1 (Debian's
##                  packages, Twenty Twenty-Three, no page cache; MariaDB, php-fpm and nginx run
##                  as the script's own processes), Lighthouse side by side (e2e/bench/wordpress-page.md).
bench-wordpress: tools-test build
	@test -x /usr/sbin/php-fpm8.2 -a -x /usr/sbin/mariadbd -a -x /usr/sbin/nginx || { $(SUDO) apt-get update && \
		$(APT_INSTALL) nginx-light php-fpm php-cli php-mysql mariadb-server; }
	@# In one command with the above, apt would pull in Apache for WordPress.
	@test -f /usr/share/wordpress/wp-settings.php -a -d /usr/share/wordpress/wp-content/themes/twentytwentythree \
		|| { $(SUDO) apt-get update && $(APT_INSTALL) php wordpress wordpress-theme-twentytwentythree; }
	cd e2e && OKUR_BIN=$(CURDIR)/$(SERVER) OKUR_DIST=$(CURDIR)/dist node scripts/wordpress-bench.mjs

fmt:
	cargo fmt --all

clean:
	cargo clean
	rm -rf dist e2e/test-results

## tools: the wasm target, Trunk, wasm-bindgen, node packages; each only when missing, side by
##        side under make -j.
tools: rust-target trunk-tool wasm-bindgen-tool $(NODE_STAMP)

rust:
	@command -v cargo >/dev/null || { echo "make: Rust is missing: install it with rustup (https://rustup.rs)"; exit 1; }

rust-target: rust
	@rustup target list --installed | grep -qx $(WASM) || rustup target add $(WASM)

trunk-tool: rust
	@trunk --version 2>/dev/null | grep -qx 'trunk $(TRUNK_VERSION)' \
		|| $(TOOL_PROFILE) cargo install trunk --version $(TRUNK_VERSION) --locked --no-default-features

wasm-bindgen-tool: rust
	@# No --locked here: one of the CLI's locked dependencies is gone from the registry.
	@wasm-bindgen --version 2>/dev/null | grep -qx 'wasm-bindgen $(WASM_BINDGEN_VERSION)' \
		|| $(TOOL_PROFILE) cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --no-default-features \
			$(WASM_BINDGEN_CONFIG)

## tools-test: tools, plus Chromium and chromedriver for the browser tests.
tools-test: tools
	@{ command -v chromium && command -v chromedriver; } >/dev/null \
		|| { $(SUDO) apt-get update && $(APT_INSTALL) chromium chromium-driver; }

$(NODE_STAMP): e2e/package.json e2e/package-lock.json
	@command -v npm >/dev/null || { $(SUDO) apt-get update && $(APT_INSTALL) nodejs npm; }
	cd e2e && npm ci --no-audit --no-fund
	touch $@
