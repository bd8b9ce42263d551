# recgate: `make demo` and `make test` are the whole set-up on a fresh Debian machine.
SHELL := /bin/bash
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SWIFT ?= swift

# Every Debian package the build, the tests, the demo and the benchmarks need (util-linux: setpriv, with which
# tests run a child as nobody when they run as root; time: GNU time, the peak memory of one command;
# systemd: systemd-analyze, which checks the units in deploy/; python3: outside readings in tests (ntp_adjtime, SQLite)).
DEB_PACKAGES := pkg-config libsqlite3-dev sqlite3 libusb-1.0-0-dev \
	libavformat-dev libavcodec-dev libavutil-dev libswscale-dev libswresample-dev ffmpeg \
	umockdev libumockdev-dev fuse3 fusefat dosfstools mtools openssl coreutils bc util-linux time \
	systemd python3

.PHONY: deps build demo test bench clean

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

# Tests run with umockdev's preload library, so that libusb sees the emulated USB devices (Tests/USBEmulation).
test: build
	$(SWIFT) build --build-tests
	umockdev-wrapper $(SWIFT) test --skip-build

demo: build
	./scripts/demo.sh

bench: deps
	$(SWIFT) build -c release
	./bench/run.sh
	./bench/clips.sh

clean:
	rm -rf .build data
