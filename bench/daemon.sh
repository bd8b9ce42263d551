#!/usr/bin/env bash
# The daemon's concurrent offload: four recorder volumes offloaded at once by `recgate serve`, against
# the same four one after another (offload_concurrency 1), against the disk's own limit for the same
# bytes (dd writing them with direct I/O and reading them back with direct I/O), and at once again with
# the derived-media queue busy (a backlog of 1080p HEVC clips, which need review proxies), in one run:
# the offload rate with and without the queue, and the proxies the queue makes while the offloads run.
#
# The volumes are tmpfs mounts under the watched folder (the recorder's side is never the limit here:
# the store's disk is what is measured); the daemon runs with --until-idle and exits when all is stored.
# Needs root (tmpfs mounts); the store is on the file system of .build/.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
RECGATE=${RECGATE:-.build/release/recgate}
WORK=${BENCH_DIR:-.build/bench-daemon}
VOLUMES=4
TOTAL_MB=${BENCH_DAEMON_MB:-6144}
CLIP_MB=32
PER_VOLUME=$(( TOTAL_MB / CLIP_MB / VOLUMES ))
WATCH="$WORK/watch"

fail() { echo "daemon benchmark: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "daemon benchmark: skipped (needs root for tmpfs mounts)"; exit 0; }

cleanup() { for v in "$WATCH"/vol*; do umount "$v" 2>/dev/null || true; done; }
trap cleanup EXIT
mkdir -p "$WORK" "$WATCH"
cleanup

# One seed clip each volume's files start with: MJPEG in MOV (its index read, never its media data), which a browser cannot play, so with
# proxy_policy all every stored clip queues a review proxy. The rest of each file is incompressible.
[ -f "$WORK/seed.mov" ] || ffmpeg -loglevel error -y -f lavfi -i testsrc2=size=640x360:rate=25 -t 4 \
  -c:v mjpeg -q:v 5 "$WORK/seed.mov"
[ -f "$WORK/pad.bin" ] || head -c $(( CLIP_MB * 1024 * 1024 )) /dev/urandom > "$WORK/pad.bin"
seed_size=$(stat -c %s "$WORK/seed.mov")
for v in $(seq 1 $VOLUMES); do
  mkdir -p "$WATCH/vol$v"
  mount -t tmpfs -o size=$(( PER_VOLUME * CLIP_MB + 64 ))m "bench-volume-$v" "$WATCH/vol$v"
  mkdir -p "$WATCH/vol$v/DCIM/100MEDIA"
  for i in $(seq 1 "$PER_VOLUME"); do
    name=$(printf '20261103_%02d%02d00_BENCHV%02d_%04d.MOV' $(( 8 + i / 60 )) $(( i % 60 )) "$v" "$i")
    { cat "$WORK/seed.mov"; printf 'recgate-bench-%02d-%06d' "$v" "$i"; head -c $(( CLIP_MB * 1024 * 1024 - seed_size - 23 )) "$WORK/pad.bin"; } \
      > "$WATCH/vol$v/DCIM/100MEDIA/$name"
  done
done
COUNT=$(( PER_VOLUME * VOLUMES ))
# The backlog: 1080p30 HEVC clips of 10 s (a browser is not sure to play HEVC, so each needs a proxy),
# stored before the busy run with proxy_policy none. One clip is encoded; the others are stream copies
# of it with their own title, so each is its own bytes (the store keeps one copy of equal bytes).
BACKLOG=12
BACKLOG_SECONDS=10
mkdir -p "$WORK/backlog/DCIM/100MEDIA"
[ -f "$WORK/backlog-source.mp4" ] || ffmpeg -loglevel error -y -f lavfi -i "testsrc2=size=1920x1080:rate=30:duration=$BACKLOG_SECONDS" \
  -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=$BACKLOG_SECONDS" -map 0:v -map 1:a -c:v libx265 -preset fast \
  -x265-params log-level=error -tag:v hvc1 -pix_fmt yuv420p -c:a aac -b:a 128k "$WORK/backlog-source.mp4"
for i in $(seq 1 $BACKLOG); do
  clip="$WORK/backlog/DCIM/100MEDIA/$(printf '20261103_1000%02d_BACKLOG1_%04d.MP4' "$i" "$i")"
  [ -f "$clip" ] || ffmpeg -loglevel error -y -i "$WORK/backlog-source.mp4" -map 0 -c copy -metadata title="backlog $i" "$clip"
done
BYTES=$(cat "$WATCH"/vol*/DCIM/100MEDIA/* | wc -c)
(cd "$WATCH" && sha256sum vol*/DCIM/100MEDIA/* | cut -d' ' -f1 | sort) > "$WORK/truth.sum"
sha256sum "$WORK"/backlog/DCIM/100MEDIA/* | cut -d' ' -f1 | sort > "$WORK/backlog.sum"

timeit() {  # prints seconds; a failing command stops the benchmark
  local start end
  start=$(date +%s.%N); "$@" || fail "$* failed"; end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

serve() {  # $1: offload_concurrency, $2: proxy_policy
  rm -rf "$WORK/home"; mkdir -p "$WORK/home"
  if [ "$2" = all ]; then  # the backlog, stored first without derived media
    "$RECGATE" --home "$WORK/home" offload --volume "$WORK/backlog" > /dev/null || { echo "backlog offload failed" >&2; return 1; }
  fi
  sync
  printf '{"offload_concurrency": %d, "proxy_policy": "%s"}\n' "$1" "$2" > "$WORK/home/recgate.json"
  "$RECGATE" --home "$WORK/home" serve --listen 127.0.0.1:0 --watch "$WATCH" --until-idle 2> "$WORK/serve-$1-$2.log" \
    || { echo "recgate serve failed: $(tail -3 "$WORK/serve-$1-$2.log")" >&2; return 1; }
  sync   # the daemon fsyncs every object; this flushes what else it wrote (catalog pages), counted too
}

derive_backlog() {  # a proxy of every backlog clip without one, one at a time, as the queue makes them
  local sha
  while read -r sha; do
    "$RECGATE" --home "$WORK/home" derive "$sha" > /dev/null || return 1
  done < "$WORK/backlog.sum"
}

SESSIONS="FROM offload_session WHERE volume LIKE '%/watch/vol%'"
span() {  # seconds from the first offload session's start to the last one's end, as the catalog has them
  sqlite3 -readonly "$WORK/home/catalog.sqlite" \
    "SELECT (julianday(max(ended_at)) - julianday(min(started_at))) * 86400 $SESSIONS"
}

check_store() {  # every clip stored once, every object hashing to its name: the offload did its work
  local objects
  objects=$(find "$WORK/home/store/objects" -type f | grep -vFf "$WORK/backlog.sum" | sort)
  [ "$(echo "$objects" | wc -l)" = "$COUNT" ] || fail "$1: the store holds $(echo "$objects" | wc -l) objects, not $COUNT"
  [ "$(echo "$objects" | xargs -n1 basename | sort)" = "$(cat "$WORK/truth.sum")" ] || fail "$1: the store's objects are not the volumes' digests"
  echo "$objects" | xargs sha256sum | awk '{ n = split($2, p, "/"); if ($1 != p[n]) { bad = 1 } } END { exit bad }' \
    || fail "$1: stored objects do not hash to their names"
}

disk() {  # the same bytes written with direct I/O, flushed, and read back with direct I/O
  rm -rf "$WORK/dd"; mkdir -p "$WORK/dd"; sync
  local f n=0
  for f in "$WATCH"/vol*/DCIM/100MEDIA/*; do
    n=$(( n + 1 ))
    dd if="$f" of="$WORK/dd/$n" bs=4M oflag=direct status=none
  done
  sync
  for f in "$WORK"/dd/*; do dd if="$f" of=/dev/null bs=4M iflag=direct status=none; done
}

hashing() {  # the CPU's side: SHA-256 of the same bytes twice (recgate hashes as it reads and again as
  # it reads back), two openssl processes at once on the two halves of the files
  local files half
  files=("$WATCH"/vol*/DCIM/100MEDIA/*); half=$(( ${#files[@]} / 2 ))
  for pass in 1 2; do
    openssl dgst -sha256 "${files[@]:0:$half}" > /dev/null &
    openssl dgst -sha256 "${files[@]:$half}" > /dev/null
    wait
  done
}

# Best of ROUNDS alternating runs of each contender (the shared disk's speed moves from minute to minute).
ROUNDS=${BENCH_DAEMON_ROUNDS:-3}
best() { if [ -z "$1" ] || [ "$(echo "$2 < $1" | bc -l)" = 1 ]; then echo "$2"; else echo "$1"; fi; }
t_disk=; t_hash=; t_seq=; t_par=; t_busy=; w_seq=; w_par=; w_busy=; proxies=0; proxies_per_hour=; alone_per_hour=
for round in $(seq 1 "$ROUNDS"); do
  t_disk=$(best "$t_disk" "$(timeit disk)"); rm -rf "$WORK/dd"
  t_hash=$(best "$t_hash" "$(timeit hashing)")
  w_seq=$(best "$w_seq" "$(timeit serve 1 none)"); check_store "one after another"; t_seq=$(best "$t_seq" "$(span)")
  w_par=$(best "$w_par" "$(timeit serve 4 none)"); check_store "four at once"; t_par=$(best "$t_par" "$(span)")
  w_busy=$(best "$w_busy" "$(timeit serve 4 all)"); check_store "four at once, proxy queue busy"; t_busy=$(best "$t_busy" "$(span)")
  made=$(sqlite3 -readonly "$WORK/home/catalog.sqlite" \
    "SELECT count(*) FROM derived d JOIN clip c ON c.id = d.source_clip_id WHERE d.kind = 'proxy'
       AND c.sha256 IN ($(sed "s/.*/'&'/" "$WORK/backlog.sum" | paste -sd,)) AND d.created_at <= (SELECT max(ended_at) $SESSIONS)")
  per_hour=$(echo "$made * 3600 / $(span)" | bc -l)
  if [ -z "$proxies_per_hour" ] || [ "$(echo "$per_hour > $proxies_per_hour" | bc -l)" = 1 ]; then proxies_per_hour=$per_hour; fi
  proxies=$(( proxies + made ))
  # The queue's one operation alone (recgate derive, full cores, no offload) on the backlog's clips left.
  alone=$(timeit derive_backlog); left=$(( BACKLOG - made ))
  if [ "$left" -gt 0 ]; then
    rate=$(echo "$left * 3600 / $alone" | bc -l)
    if [ -z "$alone_per_hour" ] || [ "$(echo "$rate > $alone_per_hour" | bc -l)" = 1 ]; then alone_per_hour=$rate; fi
  fi
done
echo "outputs checked: each run stored all $COUNT clips, every object hashing to its name and equal to the volumes' digests"

mb=$(echo "$BYTES / 1000000" | bc -l)
printf '\n%d volumes, %d clips, %.0f MB (sources in tmpfs; store on %s)\n' $VOLUMES "$COUNT" "$mb" "$(findmnt -no FSTYPE -T "$WORK")"
printf '%-46s %9s %9s %12s %9s\n' contender seconds MB/s "x disk limit" "wall s"
row() { printf '%-46s %9.2f %9.0f %11.2fx %9s\n' "$1" "$2" "$(echo "$mb / $2" | bc -l)" "$(echo "$2 / $t_disk" | bc -l)" "${3:-}"; }
row "dd direct I/O: write + read back (disk limit)" "$t_disk"
row "openssl sha256 twice, 2 processes (CPU limit)" "$t_hash"
row "recgate serve, one after another" "$t_seq" "$(printf %.2f "$w_seq")"
row "recgate serve, four at once" "$t_par" "$(printf %.2f "$w_par")"
row "recgate serve, four at once, proxy queue busy" "$t_busy" "$(printf %.2f "$w_busy")"
echo "seconds: first offload session's start to the last one's end (catalog); wall: the whole daemon run; best of $ROUNDS alternating runs each"
echo "review proxies of the backlog (1080p30 HEVC, $BACKLOG_SECONDS s each) made while the four volumes were offloaded:" \
  "$proxies in $ROUNDS runs; best: $(printf %.0f "$proxies_per_hour") proxies per hour of offloading" \
  "(the queue at idle priority, its threads sized to the cores the offloads leave: with four offloads on $(nproc) cores none is left, so it" \
  "starts nothing new while they run; a clip already in work ends at idle priority)"
echo "the same proxies made by the queue's operation alone (recgate derive, no offload running): $(printf %.0f "${alone_per_hour:-0}") per hour"
ratio=$(echo "$t_par / $t_disk" | bc -l); busy=$(echo "$t_busy / $t_par" | bc -l)
verdict() { if [ "$(echo "$1 <= $2" | bc -l)" = 1 ]; then echo MET; else echo MISSED; fi; }
printf 'target: four at once within 1.25x of the disk limit: %.2fx %s; within 5%% with the proxy queue busy: %.2fx %s\n' \
  "$ratio" "$(verdict "$ratio" 1.25)" "$busy" "$(verdict "$busy" 1.05)"
rm -rf "$WORK/home"
