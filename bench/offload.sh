#!/usr/bin/env bash
# Verified offload of about 2 GB of recordings: recgate against the usual recipe, in one run.
#
#   recipe (sha256sum): cp -r VOLUME DEST && sync && sha256sum of every source and every copy, compared
#   recipe (openssl):   the same with `openssl dgst -sha256`
#   recgate:            recgate offload (read once, hash while writing, fsync, read back from storage, compare)
#
# The source is in the page cache for every contender (read once before each run), and dirty pages of
# the run before are flushed first, so each contender starts from the same state.
set -euo pipefail
# A failing check inside a function run by $(...) must stop the benchmark too.
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
RECGATE=${RECGATE:-.build/release/recgate}
WORK=${BENCH_DIR:-.build/bench}
TOTAL_MB=${BENCH_TOTAL_MB:-2048}
CLIP_MB=32
COUNT=$(( TOTAL_MB / CLIP_MB ))
VOLUME="$WORK/volume"
mkdir -p "$WORK"

# Recorder files: one generated H.264 clip padded to CLIP_MB with encoded-like (incompressible) bytes,
# each copy unique, named like a body recorder's DCIM/100MEDIA files.
if [ "$(ls "$VOLUME/DCIM/100MEDIA" 2>/dev/null | wc -l)" != "$COUNT" ]; then
  rm -rf "$VOLUME"; mkdir -p "$VOLUME/DCIM/100MEDIA"
  ffmpeg -loglevel error -y -f lavfi -i testsrc2=size=640x360:rate=25 -t 4 -c:v libx264 -preset ultrafast \
    -pix_fmt yuv420p "$WORK/seed.mp4"
  head -c $(( CLIP_MB * 1024 * 1024 )) /dev/urandom > "$WORK/pad.bin"
  for i in $(seq 1 "$COUNT"); do
    name=$(printf '20261103_%02d%02d00_BENCH01_%04d.MP4' $(( 8 + i / 60 )) $(( i % 60 )) "$i")
    { cat "$WORK/seed.mp4"; printf 'recgate-bench-%08d' "$i"; head -c $(( CLIP_MB * 1024 * 1024 - $(stat -c %s "$WORK/seed.mp4") - 22 )) "$WORK/pad.bin"; } \
      > "$VOLUME/DCIM/100MEDIA/$name"
  done
fi
BYTES=$(du -sb "$VOLUME" | cut -f1)

prepare() {  # flush what the last run left dirty, drop old copies, warm the source
  rm -rf "$WORK/dest" "$WORK/home"; sync
  cat "$VOLUME"/DCIM/100MEDIA/* > /dev/null
}

fail() { echo "offload benchmark: $*" >&2; exit 1; }

recipe() {  # $1: hashing command, $2: a name for its list of the sources' digests
  cp -r "$VOLUME" "$WORK/dest" && sync
  # openssl prints "SHA2-256(FILE)= HASH": bring it to sha256sum's "HASH  FILE" before comparing.
  (cd "$VOLUME" && $1 DCIM/100MEDIA/* | sed -E 's/^SHA2-256\((.*)\)= (.*)$/\2  \1/') > "$WORK/src.sum"
  (cd "$WORK/dest" && $1 DCIM/100MEDIA/* | sed -E 's/^SHA2-256\((.*)\)= (.*)$/\2  \1/') > "$WORK/dst.sum"
  # The recipe is the peer only if its verification holds: every clip hashed, copies equal to the sources.
  [ "$(grep -cE '^[0-9a-f]{64}  DCIM/100MEDIA/' "$WORK/src.sum")" = "$COUNT" ] \
    || fail "recipe '$1' hashed $(wc -l < "$WORK/src.sum") of $COUNT sources"
  cmp -s "$WORK/src.sum" "$WORK/dst.sum" \
    || fail "recipe '$1': the copies' digests differ from the sources': $(diff "$WORK/src.sum" "$WORK/dst.sum" | head -4)"
  cp "$WORK/src.sum" "$WORK/truth-$2.sum"
}

timeit() {  # prints seconds; a failing command stops the benchmark
  local start end
  start=$(date +%s.%N); "$@" || fail "$* failed"; end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

prepare; t_sha=$(timeit recipe sha256sum sha256sum)
prepare; t_ossl=$(timeit recipe "openssl dgst -sha256" openssl)
# The two recipes agree on the sources' digests: that is the truth the offload is checked against.
cmp -s "$WORK/truth-sha256sum.sum" "$WORK/truth-openssl.sum" || fail "sha256sum and openssl disagree on the sources"
offload() { "$RECGATE" --home "$WORK/home" offload --volume "$VOLUME" --json > "$WORK/recgate.json"; }
prepare; t_rec=$(timeit offload)
stored=$(grep -c '"status" : "stored"' "$WORK/recgate.json" || true)
[ "$stored" = "$COUNT" ] || fail "recgate stored $stored of $COUNT clips"
# The offload's output, checked after the timing: the digests it reported are the sources' (as sha256sum
# has them), and the store holds exactly those objects, each hashing to its name (sha256sum again).
reported=$(grep -oE '"sha256" : "[0-9a-f]{64}"' "$WORK/recgate.json" | grep -oE '[0-9a-f]{64}' | sort)
[ "$reported" = "$(cut -d' ' -f1 "$WORK/truth-sha256sum.sum" | sort)" ] || fail "recgate reported digests that are not the sources'"
objects=$(find "$WORK/home/store/objects" -type f | sort)
[ "$(echo "$objects" | wc -l)" = "$COUNT" ] || fail "the store holds $(echo "$objects" | wc -l) objects, not $COUNT"
[ "$(echo "$objects" | xargs -n1 basename | sort)" = "$reported" ] || fail "the store's objects are not the reported digests"
echo "$objects" | xargs sha256sum | awk '{ n = split($2, p, "/"); if ($1 != p[n]) { print $2; bad = 1 } } END { exit bad }' \
  || fail "stored objects do not hash to their names"
echo "outputs checked: both recipes' copies equal their sources; recgate's $COUNT digests are the sources' and every stored object hashes to its name"

mb=$(echo "$BYTES / 1000000" | bc -l)
printf '\nVerified offload of %d clips, %.0f MB (source in page cache; store on %s)\n' "$COUNT" "$mb" "$(findmnt -no FSTYPE -T "$WORK")"
printf '%-34s %9s %9s %14s\n' contender seconds MB/s "recgate faster"
row() { printf '%-34s %9.2f %9.0f %13.2fx\n' "$1" "$2" "$(echo "$mb / $2" | bc -l)" "$(echo "$2 / $t_rec" | bc -l)"; }
row "cp + sync + sha256sum x2" "$t_sha"
row "cp + sync + openssl dgst x2" "$t_ossl"
row "recgate offload (verified)" "$t_rec"
ratio_sha=$(echo "$t_sha / $t_rec" | bc -l); ratio_ossl=$(echo "$t_ossl / $t_rec" | bc -l)
verdict() { if [ "$(echo "$1 >= $2" | bc -l)" = 1 ]; then echo MET; else echo MISSED; fi; }
printf 'target: >= 2x the sha256sum recipe: %.2fx %s; faster than the openssl recipe: %.2fx %s\n' \
  "$ratio_sha" "$(verdict "$ratio_sha" 2)" "$ratio_ossl" "$(verdict "$ratio_ossl" 1)"
rm -rf "$WORK/dest" "$WORK/home" "$WORK"/truth-*.sum
