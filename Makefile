# recgate: `make demo` and `make test` are the whole set-up on a fresh Debian machine.
SHELL := /bin/bash
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SWIFT ?= swift

# Every Debian package the build, the tests, the demo and the benchmarks need (util-linux: setpriv, with which
# tests run a child as nobody when they run as root; time: GNU time, the peak memory of one command;
# systemd: systemd-analyze, which checks the units in deploy/; python3: outside readings in tests (ntp_adjtime, SQLite);
# python3-venv: the virtual environment of the Python tools below; libxml2-utils (xmllint), chromium,
# chromium-driver and fonts-noto-cjk: the dashboard's pages parsed, laid out and scripted by outside judges;
# wrk: the web benchmark's load; gphoto2: an outside PTP client the emulated camera must satisfy).
DEB_PACKAGES := pkg-config libsqlite3-dev sqlite3 libusb-1.0-0-dev \
	libavformat-dev libavcodec-dev libavutil-dev libswscale-dev libswresample-dev ffmpeg \
	umockdev libumockdev-dev fuse3 fusefat dosfstools mtools openssl coreutils bc util-linux time \
	systemd python3 python3-venv libxml2-utils chromium chromium-driver fonts-noto-cjk wrk mtp-tools gphoto2

# Python tools the tests drive (from PyPI, pinned, in a virtual environment under .build/): selenium drives the
# browser for the dashboard tests, schemathesis checks the API against its OpenAPI document.
PYENV := .build/pyenv
PY_TOOLS := selenium==4.51.0 schemathesis==4.32.5

# Fuzzing (fuzz/README.md): recgate-fuzz built apart (.build/fuzz) with AddressSanitizer, coverage and libFuzzer,
# then each target for FUZZ_SECONDS from its seed corpus. Not part of `make test`, which replays fuzz/regressions.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
FUZZ_BUILD := .build/fuzz
# libFuzzer without its main (recgate-fuzz has its own and calls LLVMFuzzerRunDriver), from the Swift toolchain.
LIBFUZZER = $(firstword $(wildcard $(dir $(realpath $(shell command -v $(SWIFT))))../lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a))

.PHONY: deps build demo test bench clean pyenv fuzz

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y $$missing; \
	fi

build: deps
	$(SWIFT) build

pyenv: deps
	@[ -x $(PYENV)/bin/schemathesis ] && [ -x $(PYENV)/bin/python ] && $(PYENV)/bin/python -c 'import selenium' 2>/dev/null || { \
	  /usr/bin/python3 -m venv $(PYENV) && $(PYENV)/bin/pip install --quiet $(PY_TOOLS); }

# Tests run with umockdev's preload library, so that libusb sees the emulated USB devices (Tests/USBEmulation).
test: build pyenv
	$(SWIFT) build --build-tests
	umockdev-wrapper $(SWIFT) test --skip-build

fuzz: deps
	@[ -n "$(LIBFUZZER)" ] || { echo "make fuzz: the Swift toolchain has no libFuzzer (libclang_rt.fuzzer_no_main)" >&2; exit 1; }
	$(SWIFT) build --product recgate-fuzz --scratch-path $(FUZZ_BUILD) \
	  -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table \
	  -Xlinker --whole-archive -Xlinker $(LIBFUZZER) -Xlinker --no-whole-archive -Xlinker -lstdc++
	FUZZ_SECONDS=$(FUZZ_SECONDS) ./fuzz/run.sh $(FUZZ_BUILD)/debug/recgate-fuzz $(FUZZ_TARGETS)

demo: build
	./scripts/demo.sh

bench: deps
	$(SWIFT) build -c release
	./bench/run.sh
	./bench/clips.sh
	./bench/ptp.sh

clean:
	rm -rf .build data
