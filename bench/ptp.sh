#!/usr/bin/env bash
# Offload from the emulated MTP recorder through the real libusb path (umockdev) against a plain read of the
# same bytes from a file, each hashed (SHA-256) and written to a staging file, printed side by side in one run;
# the time per bulk transfer; and after a stall mid-object, the bytes read again (target: none before the stall).
#
# The emulated device is part of the USB figure (umockdev's ioctl emulation and the Swift model generating
# the bytes run in the same process): it measures the driver and libusb's path, not a USB bus. The test
# binary is the debug build (the emulator lives in the test targets); RECGATE_BENCH_PTP_MB sets the size.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests 2>&1 | tail -1
RECGATE_BENCH_PTP=1 RECGATE_BENCH_PTP_MB=${RECGATE_BENCH_PTP_MB:-256} \
  umockdev-wrapper swift test --skip-build --filter 'PTPBenchmark' 2>&1 | grep '^ptp-bench:' \
  || { echo "ptp benchmark: the run printed no figures" >&2; exit 1; }
