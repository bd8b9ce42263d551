#!/usr/bin/env bash
# The web layer under load: clip searches over HTTP on a catalog of 1,000,000 clips while the daemon offloads
# a volume, and the offload's rate with and without that load.
#
# The catalog is seeded once by `recgate-bench seed-clips` (kept in .build/bench-cache and reused, shared
# with bench/clips.sh) and copied into two fresh homes. Each home's daemon (`recgate serve`) is given the
# same tmpfs volume, bind-mounted under its watched folder while it runs: in the quiet home nothing else
# happens; in the loaded one `wrk` (64 connections on loopback, signed in with a session cookie) rotates
# through typical searches (device + one day, officer, one hour of all devices, the next page by cursor)
# from before the volume arrives until it is offloaded. wrk --latency gives the p99. The offload rate is
# the volume's bytes over its session's span in the catalog. Every stored object is checked against the
# volume's digests, and no search may be answered with an error.
#
# BENCH_WEB_CPU_PERCENT sets the daemons' `web_cpu_percent_during_offloads` (default: the gateway's own).
#
# Needs root (tmpfs and bind mounts), wrk, sqlite3, curl, python3. Targets: p99 < 50 ms; the loaded
# offload within 10 % of the quiet one.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
RECGATE=${RECGATE:-.build/release/recgate}
BENCH=${RECGATE_BENCH:-.build/release/recgate-bench}
WORK=${BENCH_DIR:-.build/bench-web}
COUNT=${CLIPS:-1000000}
SEEDED=.build/bench-cache/clip-search-home-$COUNT
VOLUME_MB=${BENCH_WEB_MB:-2048}
CLIP_MB=32
CONNECTIONS=64
QUIET_SECONDS=${BENCH_WEB_QUIET_SECONDS:-15}
PERSON_RATE=5

echo
echo "== the web layer: clip searches over HTTP on $COUNT clips during an offload; the offload with and without them =="
fail() { echo "web benchmark: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "web benchmark: skipped (needs root for tmpfs mounts)"; exit 0; }
for tool in wrk sqlite3 curl python3; do command -v "$tool" > /dev/null || fail "$tool is missing (make deps)"; done
if [ ! -x "$RECGATE" ] || [ ! -x "$BENCH" ]; then swift build -c release; fi

SOURCE="$WORK/volume"
DAEMON_PID=
WRK_PID=
cleanup() {
  [ -n "$WRK_PID" ] && kill "$WRK_PID" 2>/dev/null || true
  [ -n "$DAEMON_PID" ] && kill "$DAEMON_PID" 2>/dev/null && wait "$DAEMON_PID" 2>/dev/null || true
  for m in "$WORK"/quiet/watch/card "$WORK"/loaded/watch/card "$WORK"/person/watch/card "$SOURCE"; do umount "$m" 2>/dev/null || true; done
}
trap cleanup EXIT
mkdir -p "$WORK"
cleanup

# The catalog: seeded once (a few minutes), then reused.
if [ ! -f "$SEEDED/catalog.sqlite" ] || [ ! -f "$SEEDED/seeded" ]; then
  rm -rf "$SEEDED"
  "$BENCH" seed-clips --home "$SEEDED" --count "$COUNT"
  touch "$SEEDED/seeded"
fi

# The volume: 32 MiB recordings (an MJPEG MOV head, incompressible bytes after it) on a tmpfs outside
# the watched folders, so each run's recorder side is the same and never the limit.
PER_VOLUME=$(( VOLUME_MB / CLIP_MB ))
mkdir -p "$SOURCE"
mount -t tmpfs -o size=$(( VOLUME_MB + 64 ))m bench-web-volume "$SOURCE"
mkdir -p "$SOURCE/DCIM/100MEDIA"
[ -f "$WORK/seed.mov" ] || ffmpeg -loglevel error -y -f lavfi -i testsrc2=size=640x360:rate=25 -t 4 -c:v mjpeg -q:v 5 "$WORK/seed.mov"
[ -f "$WORK/pad.bin" ] || head -c $(( CLIP_MB * 1024 * 1024 )) /dev/urandom > "$WORK/pad.bin"
seed_size=$(stat -c %s "$WORK/seed.mov")
for i in $(seq 1 "$PER_VOLUME"); do
  name=$(printf '20261103_%02d%02d00_BENCHWEB_%04d.MOV' $(( 8 + i / 60 )) $(( i % 60 )) "$i")
  { cat "$WORK/seed.mov"; printf 'recgate-web-%06d' "$i"; head -c $(( CLIP_MB * 1024 * 1024 - seed_size - 18 )) "$WORK/pad.bin"; } \
    > "$SOURCE/DCIM/100MEDIA/$name"
done
BYTES=$(cat "$SOURCE"/DCIM/100MEDIA/* | wc -c)
(cd "$SOURCE" && sha256sum DCIM/100MEDIA/* | cut -d' ' -f1 | sort) > "$WORK/truth.sum"

# A fresh home with the seeded catalog, an account for the load, nothing scheduled beside the offload
# (no re-hash of the store, no review proxies).
prepare() {  # $1: home
  rm -rf "$1"; mkdir -p "$1/watch"
  cp -a --reflink=auto "$SEEDED"/. "$1"/
  rm -f "$1/seeded"
  local budget=""
  [ -n "${BENCH_WEB_CPU_PERCENT:-}" ] && budget=", \"web_cpu_percent_during_offloads\": $BENCH_WEB_CPU_PERCENT"
  printf '{"password_cost": 10, "proxy_policy": "none", "reverify_interval_hours": 0%s}\n' "$budget" > "$1/recgate.json"
  echo "bench-web-password" | "$RECGATE" --home "$1" user add bench --role evidence_staff > /dev/null
}

start_daemon() {  # $1: home; sets DAEMON_PID and PORT
  rm -f "$1/run/serve.json"
  "$RECGATE" --home "$1" serve --listen 127.0.0.1:0 --watch "$1/watch" 2> "$1/serve.log" &
  DAEMON_PID=$!
  for _ in $(seq 1 600); do
    [ -f "$1/run/serve.json" ] && break
    kill -0 "$DAEMON_PID" 2>/dev/null || fail "recgate serve exited: $(tail -3 "$1/serve.log")"
    sleep 0.2
  done
  PORT=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["port"])' "$1/run/serve.json")
  # The daemon builds its clip index in the background (searches answer without it, slower); the runs
  # start once it is ready, so that neither the quiet nor the loaded offload shares the machine with it.
  for _ in $(seq 1 3000); do
    grep -q "clip index" "$1/serve.log" && break
    sleep 0.2
  done
  grep -q "clip index ready" "$1/serve.log" || fail "the clip index was not built: $(grep 'clip index' "$1/serve.log")"
  echo "$(basename "$1"): $(grep -o 'clip index ready.*' "$1/serve.log")"
}

stop_daemon() {
  kill -TERM "$DAEMON_PID"; wait "$DAEMON_PID" || fail "recgate serve did not stop cleanly"
  DAEMON_PID=
}

device_state() {  # the card's state in /status
  curl -sf "http://127.0.0.1:$PORT/status" | python3 -c '
import json, sys
status = json.load(sys.stdin)
print(next((d["state"] for d in status["devices"] if d["source"].endswith("/watch/card")), "absent"))'
}

dock_and_wait() {  # $1: home; mounts the volume under the watch and waits for its offload's end
  mkdir -p "$1/watch/card"
  mount --bind "$SOURCE" "$1/watch/card"
  local state
  while true; do
    state=$(device_state)
    case "$state" in
      offloaded) break ;;
      failed|left) fail "the offload in $1 ended $state: $(tail -3 "$1/serve.log")" ;;
    esac
    kill -0 "$DAEMON_PID" 2>/dev/null || fail "recgate serve exited: $(tail -3 "$1/serve.log")"
    sleep 0.05
  done
}

check_store() {  # $1: home; every clip stored once, each object hashing to its name and to a volume digest
  local objects
  objects=$(find "$1/store/objects" -type f | sort)
  [ "$(echo "$objects" | xargs -n1 basename | sort)" = "$(cat "$WORK/truth.sum")" ] \
    || fail "$1: the store's objects are not the volume's digests"
  echo "$objects" | xargs sha256sum | awk '{ n = split($2, p, "/"); if ($1 != p[n]) { bad = 1 } } END { exit bad }' \
    || fail "$1: stored objects do not hash to their names"
}

rate() {  # $1: home; MB/s of the card's session, from its span in the catalog
  local span
  span=$(sqlite3 -readonly "$1/catalog.sqlite" \
    "SELECT (julianday(ended_at) - julianday(started_at)) * 86400 FROM offload_session WHERE volume LIKE '%/watch/card%' AND status = 'completed'")
  [ -n "$span" ] || fail "$1: no completed session of the card in the catalog"
  echo "$BYTES / 1000000 / $span" | bc -l
}

sign_in() {  # prints the session cookie's value
  local jar="$WORK/cookies"
  rm -f "$jar"
  curl -sf -c "$jar" -H 'Content-Type: application/json' -d '{"name": "bench", "password": "bench-web-password"}' \
    "http://127.0.0.1:$PORT/api/login" > /dev/null || fail "signing in failed"
  awk '$6 == "recgate_session" { print $7 }' "$jar"
}

# The typical searches, drawn from the catalog: a device and one day (China Standard Time), an officer,
# one hour of all devices, and the second page of a search (its cursor asked of the daemon first).
searches() {  # $1: session
  local db="$SEEDED/catalog.sqlite"
  sqlite3 -readonly -separator ' ' "$db" "SELECT device_serial, start_s FROM clip_time ORDER BY random() LIMIT 64" \
    | while read -r device start; do
        day=$(( (start + 28800) / 86400 * 86400 - 28800 ))
        echo "/api/clips?device=$device&from=$(date -u -d "@$day" +%Y-%m-%dT%H:%M:%SZ)&to=$(date -u -d "@$(( day + 86400 ))" +%Y-%m-%dT%H:%M:%SZ)"
      done
  sqlite3 -readonly "$db" "SELECT DISTINCT officer FROM custody ORDER BY random() LIMIT 64" | while read -r officer; do
    echo "/api/clips?officer=$officer"
  done
  sqlite3 -readonly "$db" "SELECT start_s FROM clip_time ORDER BY random() LIMIT 64" | while read -r start; do
    echo "/api/clips?from=$(date -u -d "@$start" +%Y-%m-%dT%H:%M:%SZ)&to=$(date -u -d "@$(( start + 3600 ))" +%Y-%m-%dT%H:%M:%SZ)"
  done
  sqlite3 -readonly "$db" "SELECT start_s FROM clip_time ORDER BY random() LIMIT 64" | while read -r start; do
    to=$(date -u -d "@$start" +%Y-%m-%dT%H:%M:%SZ)
    curl -sf -b "recgate_session=$1" "http://127.0.0.1:$PORT/api/clips?to=$to" | python3 -c '
import json, sys, urllib.parse
page = json.load(sys.stdin)
if page.get("next_cursor"):
    print("/api/clips?to=%s&cursor=%s" % (sys.argv[1], urllib.parse.quote(page["next_cursor"], safe="")))' "$to"
  done
}

load() {  # $1: seconds; output to $2
  RECGATE_WEB_PATHS="$WORK/paths.txt" RECGATE_WEB_SESSION="$SESSION" \
    wrk -t2 -c$CONNECTIONS -d"${1}s" --timeout 10s --latency -s bench/web.lua "http://127.0.0.1:$PORT" > "$2" 2>&1
}

figure() {  # $1: wrk output, $2: what; prints "searches/s p99_ms" and fails on any error answer (400 and above)
  grep -q '^recgate: error answers 0$' "$1" || fail "$2: searches answered with an error: $(grep -E 'error answers|Non-2xx' "$1")"
  local rps p99
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$1")
  p99=$(awk '/^recgate: p50_ms/ { print $5 }' "$1")
  echo "$rps $p99"
}

# A quiet run: the daemon offloads the volume and does nothing else. One before the loaded run and one
# after it: the disk's own rate moves from minute to minute, and the reference is their mean.
quiet_run() {  # prints the offload's MB/s
  prepare "$WORK/quiet"
  start_daemon "$WORK/quiet" > /dev/null
  dock_and_wait "$WORK/quiet"
  stop_daemon
  umount "$WORK/quiet/watch/card"
  check_store "$WORK/quiet"
  rate "$WORK/quiet"
  rm -rf "$WORK/quiet"
}
quiet_before=$(quiet_run)

# The loaded run: searches alone first (a figure without an offload), then the same load while the
# volume is offloaded.
prepare "$WORK/loaded"
start_daemon "$WORK/loaded"
SESSION=$(sign_in)
[ -n "$SESSION" ] || fail "no session cookie"
searches "$SESSION" > "$WORK/paths.txt"
[ "$(grep -c cursor= "$WORK/paths.txt")" -gt 0 ] || fail "no search had a second page"
load "$QUIET_SECONDS" "$WORK/wrk-searches-only.txt"
read -r alone_rps alone_p99 <<< "$(figure "$WORK/wrk-searches-only.txt" "searches alone")"
RECGATE_WEB_PATHS="$WORK/paths.txt" RECGATE_WEB_SESSION="$SESSION" \
  wrk -t2 -c$CONNECTIONS -d3600s --timeout 10s --latency -s bench/web.lua "http://127.0.0.1:$PORT" \
  > "$WORK/wrk-during-offload.txt" 2>&1 &
WRK_PID=$!
# The load runs before the card arrives (a second of it, so every connection is busy when the offload starts).
sleep 1
kill -0 "$WRK_PID" 2>/dev/null || fail "wrk ended early: $(cat "$WORK/wrk-during-offload.txt")"
dock_and_wait "$WORK/loaded"
kill -INT "$WRK_PID"; wait "$WRK_PID" || true
WRK_PID=
read -r load_rps load_p99 <<< "$(figure "$WORK/wrk-during-offload.txt" "searches during the offload")"
stop_daemon
umount "$WORK/loaded/watch/card"
check_store "$WORK/loaded"
loaded_rate=$(rate "$WORK/loaded")
rm -rf "$WORK/loaded"

# One person's searches during the offload (bench/web-person.py: PERSON_RATE a second, one connection, in
# a fresh home): what someone at the dashboard sees while a device is offloaded, beside the pacing of a
# sustained load.
prepare "$WORK/person"
start_daemon "$WORK/person"
SESSION=$(sign_in)
[ -n "$SESSION" ] || fail "no session cookie"
python3 bench/web-person.py "$PORT" "$WORK/paths.txt" "$SESSION" "$PERSON_RATE" > "$WORK/person.txt" &
WRK_PID=$!
sleep 1
kill -0 "$WRK_PID" 2>/dev/null || fail "the person's searches ended early"
dock_and_wait "$WORK/person"
kill -INT "$WRK_PID"; wait "$WRK_PID" || fail "one person's searches: an answer other than 200"
WRK_PID=
read -r person_rps person_p99 < "$WORK/person.txt"
stop_daemon
umount "$WORK/person/watch/card"
check_store "$WORK/person"
person_rate=$(rate "$WORK/person")
rm -rf "$WORK/person"

quiet_after=$(quiet_run)
quiet_rate=$(echo "($quiet_before + $quiet_after) / 2" | bc -l)

echo "outputs checked: all four runs stored all $PER_VOLUME clips, every object hashing to its name and equal to the volume's digests;" \
  "no search answered with an error"
printf '\n%s clips in the catalog; volume of %d clips, %.0f MB (tmpfs); %d connections, %d distinct searches in rotation\n' \
  "$COUNT" "$PER_VOLUME" "$(echo "$BYTES / 1000000" | bc -l)" "$CONNECTIONS" "$(wc -l < "$WORK/paths.txt")"
printf '%-48s %14s %14s %12s\n' what "searches/s" "p99 ms" "target"
printf '%-48s %14.0f %14.2f %12s\n' "clip searches alone (${QUIET_SECONDS} s)" "$alone_rps" "$alone_p99" "p99 < 50"
printf '%-48s %14.0f %14.2f %12s\n' "clip searches during the offload" "$load_rps" "$load_p99" "p99 < 50"
printf '%-48s %14.1f %14.2f %12s\n' "one person's searches during the offload" "$person_rps" "$person_p99" ""
printf '%-48s %14s %14s %12s\n' what "MB/s" "x quiet" "target"
printf '%-48s %14.0f %14.2f %12s\n' "offload, quiet (mean of $(printf '%.0f' "$quiet_before") before, $(printf '%.0f' "$quiet_after") after)" "$quiet_rate" 1 ""
printf '%-48s %14.0f %14.2fx %12s\n' "offload, under the search load" "$loaded_rate" "$(echo "$loaded_rate / $quiet_rate" | bc -l)" ">= 0.90"
printf '%-48s %14.0f %14.2fx %12s\n' "offload, one person searching" "$person_rate" "$(echo "$person_rate / $quiet_rate" | bc -l)" ""
verdict() { if [ "$(echo "$1" | bc -l)" = 1 ]; then echo MET; else echo MISSED; fi; }
printf 'target: p99 under 50 ms during the offload: %.2f ms %s; offload rate within 10%% of quiet: %.2fx %s\n' \
  "$load_p99" "$(verdict "$load_p99 < 50")" "$(echo "$loaded_rate / $quiet_rate" | bc -l)" "$(verdict "$loaded_rate / $quiet_rate >= 0.9")"
# Each run's copy of the catalog (4 GB) was removed after it; the seeded one is kept.
