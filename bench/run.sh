#!/usr/bin/env bash
# `make bench`: every benchmark, each figure printed next to its peer's, measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== digest engines (16 KiB blocks, cached) =="
.build/release/recgate-bench digest
echo
echo "== verified offload =="
./bench/offload.sh
echo
echo "== the daemon: four volumes at once, one after another, the disk's limit, and with the proxy queue busy =="
./bench/daemon.sh
./bench/web.sh
echo
echo "== media probe (100 clips, in-process vs ffprobe per clip) =="
.build/release/recgate-bench probe
echo "== faststart copy (1080p30, 60 s) =="
.build/release/recgate-bench faststart
echo
echo "== review proxies (1080p30 H.264 and HEVC, 60 s): time and SSIM against ffmpeg =="
.build/release/recgate-bench proxy
echo
echo "== the proxy's picture shrink (1080p to 360p) against swscale =="
.build/release/recgate-bench shrink
echo
echo "== case checks: 10,000 cases × 10 steps against 100k, 300k and 1M clips =="
# The generated catalogs (about 2.8 GB) are kept in .build/bench-cache and reused; the first run builds them
# (a few minutes at 1M clips). Never part of `make test`.
.build/release/recgate-bench cases
