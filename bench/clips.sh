#!/usr/bin/env bash
# `make bench`: clip search on a home of 1,000,000 generated clips (seeded once, kept in .build/bench-cache and
# reused; about 3 GB). Never part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${CLIPS:-1000000}"
home=".build/bench-cache/clip-search-home-$count"
echo "== clip search: $count clips, in-process (ClipFinder), median and p99 of each typical search =="
if [ ! -f "$home/catalog.sqlite" ] || [ ! -f "$home/seeded" ]; then
  rm -rf "$home"
  .build/release/recgate-bench seed-clips --home "$home" --count "$count"
  touch "$home/seeded"
fi
.build/release/recgate-bench clip-search --home "$home" --runs 200
