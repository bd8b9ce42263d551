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
echo "== media probe (100 clips, in-process vs ffprobe per clip) =="
.build/release/recgate-bench probe
echo "== faststart copy (1080p30, 60 s) =="
.build/release/recgate-bench faststart
echo
echo "== review proxy (1080p30, 60 s) =="
.build/release/recgate-bench proxy
