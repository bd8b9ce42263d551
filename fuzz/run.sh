#!/usr/bin/env bash
# fuzz/run.sh BINARY [TARGET…]: runs each target (all of them by default) for FUZZ_SECONDS (60) from its seeds in
# fuzz/corpus/<target>/, growing a working corpus in .build/fuzz/corpus/<target>/ (the seeds stay as written).
# Every input that crashes a parser, breaks what must hold of its value, runs past FUZZ_TIMEOUT seconds (10) or
# allocates past FUZZ_MALLOC_MB (64) is copied to fuzz/regressions/<target>/, where `make test` replays it.
# Exits non-zero when any target found one.
set -u
binary=$1; shift
seconds=${FUZZ_SECONDS:-60}
timeout=${FUZZ_TIMEOUT:-10}
malloc_mb=${FUZZ_MALLOC_MB:-64}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$root/.build/fuzz
# A crash report, not the Swift runtime's interactive backtracer; leaks are not what is looked for here (the
# working set is bounded by -rss_limit_mb).
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}

targets=("$@")
[ ${#targets[@]} -eq 0 ] && mapfile -t targets < <("$binary" --list | cut -d' ' -f1)
found=0
for target in "${targets[@]}"; do
  max_len=$("$binary" --list | awk -v t="$target" '$1 == t { print $2 }')
  [ -n "$max_len" ] || { echo "fuzz: no target $target" >&2; exit 2; }
  corpus=$work/corpus/$target
  artifacts=$work/artifacts/$target
  mkdir -p "$corpus" "$artifacts" "$root/fuzz/regressions/$target"
  echo "== $target: ${seconds}s"
  "$binary" "$target" -max_total_time="$seconds" -max_len="$max_len" -timeout="$timeout" \
    -malloc_limit_mb="$malloc_mb" -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$corpus" "$root/fuzz/corpus/$target" 2>&1 | tail -n 25
  status=${PIPESTATUS[0]}
  [ "$status" -eq 0 ] || { echo "fuzz: $target: recgate-fuzz exited with $status"; found=1; }
  for artifact in "$artifacts"/crash-* "$artifacts"/timeout-* "$artifacts"/oom-*; do
    [ -e "$artifact" ] || continue
    cp "$artifact" "$root/fuzz/regressions/$target/"
    echo "fuzz: $target: kept $(basename "$artifact") in fuzz/regressions/$target/"
    rm "$artifact"
    found=1
  done
done
exit $found
