#!/usr/bin/env bash
# `make demo`: the gateway daemon (`recgate serve`) offloads two docked body recorders into ./data without a
# command, both at once; then the store is verified, the audit chain checked, device health shown, and a
# sample case (fixtures/cases/) checked against the clips.
#
# Each recorder's volume is a real FAT32 image (mkfs.fat) filled with generated clips (ffmpeg lavfi) named
# as a body recorder names them, mounted read-only through FUSE (fusefat) under the folder the daemon
# watches, as the udev rule and mount unit in deploy/ mount a docked recorder. Where FUSE is missing the
# files of the first are copied out of the image with mtools into a plain folder and offloaded by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ=UTC   # FAT keeps wall-clock times; build and mount the image in one zone (see README, Time)
RECGATE=${RECGATE:-.build/debug/recgate}
HOME_DIR=${DEMO_HOME:-data}
WORK=.build/demo
IMAGE=$WORK/recorder.img
WATCH=$WORK/docks
MOUNT=$WATCH/recorder1
IMAGE2=$WORK/recorder2.img
MOUNT2=$WATCH/recorder2
SERIAL=A001234
SECOND=B005678
mkdir -p "$WORK/clips"

step() { printf '\n== %s\n' "$*"; }

step "generating recordings of body recorder $SERIAL (3 clips, a photo, an audio note)"
starts=("093015" "094515" "101502")
for i in 0 1 2 3 4; do
  clip="$WORK/clips/clip$i.mp4"
  [ -f "$clip" ] || ffmpeg -loglevel error -y -f lavfi -i "testsrc2=size=320x240:rate=15" \
    -f lavfi -i "sine=frequency=$((400 + 100 * i)):sample_rate=16000" -t 3 \
    -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac -b:a 32k -shortest "$clip"
done
[ -f "$WORK/clips/photo.jpg" ] || ffmpeg -loglevel error -y -f lavfi -i testsrc2=size=320x240 -frames:v 1 "$WORK/clips/photo.jpg"
[ -f "$WORK/clips/note.wav" ] || ffmpeg -loglevel error -y -f lavfi -i sine=frequency=300:sample_rate=8000 -t 2 "$WORK/clips/note.wav"

make_volume() {  # image, label: a 64 MiB FAT32 recorder volume with the usual folders
  rm -f "$1"; truncate -s 64M "$1"
  mkfs.fat -F 32 -n "$2" "$1" > /dev/null
  mmd -i "$1" ::/DCIM ::/DCIM/100MEDIA
}
put() {  # image, source, name, wall-clock end time (the recorder stamps the end of the recording)
  cp "$2" "$WORK/staging.tmp"; touch -d "$4" "$WORK/staging.tmp"
  mcopy -m -i "$1" "$WORK/staging.tmp" "::/DCIM/100MEDIA/$3"
}

step "making the FAT32 volumes of two recorders: $SERIAL ($IMAGE) and $SECOND ($IMAGE2)"
make_volume "$IMAGE" RECORDER
# Numbered in recording order, as the recorder numbers them: clips 1 and 2, the photo, the note, clip 5.
sequences=(1 2 5)
for i in 0 1 2; do
  s=${starts[$i]}
  put "$IMAGE" "$WORK/clips/clip$i.mp4" "20261103_${s}_${SERIAL}_000${sequences[$i]}.MP4" "2026-11-03 ${s:0:2}:${s:2:2}:$(printf '%02d' $(( 10#${s:4:2} + 4 )))"
done
put "$IMAGE" "$WORK/clips/photo.jpg" "20261103_094800_${SERIAL}_0003.JPG" "2026-11-03 09:48:00"
put "$IMAGE" "$WORK/clips/note.wav" "20261103_095000_${SERIAL}_0004.WAV" "2026-11-03 09:50:02"
make_volume "$IMAGE2" RECORDER2
put "$IMAGE2" "$WORK/clips/clip3.mp4" "20261103_141000_${SECOND}_0001.MP4" "2026-11-03 14:10:04"
put "$IMAGE2" "$WORK/clips/clip4.mp4" "20261103_142500_${SECOND}_0002.MP4" "2026-11-03 14:25:04"
rm -f "$WORK/staging.tmp"
mdir -i "$IMAGE" ::/DCIM/100MEDIA

# Both digests for every clip (SHA-256 and SM3), as the daemon reads them from the home's configuration.
if [ ! -f "$HOME_DIR/recgate.json" ]; then
  mkdir -p "$HOME_DIR"; echo '{"digests": ["sha256", "sm3"]}' > "$HOME_DIR/recgate.json"
fi
unmount_all() { for m in "$MOUNT" "$MOUNT2"; do fusermount -u "$m" 2>/dev/null || true; done; }
unmount_all
mkdir -p "$MOUNT" "$MOUNT2"
if [ -e /dev/fuse ] && command -v fusefat > /dev/null; then
  step "starting the gateway daemon: recgate serve, watching $WATCH for recorder volumes"
  rm -f "$HOME_DIR/run/serve.json"
  "$RECGATE" --home "$HOME_DIR" serve --listen 127.0.0.1:0 --watch "$WATCH" 2> "$WORK/serve.log" &
  daemon=$!
  trap 'kill -TERM $daemon 2>/dev/null || true; wait $daemon 2>/dev/null || true; unmount_all' EXIT
  for _ in $(seq 1 300); do [ -s "$HOME_DIR/run/serve.json" ] && break; kill -0 $daemon || break; sleep 0.1; done
  [ -s "$HOME_DIR/run/serve.json" ] || { cat "$WORK/serve.log"; echo "the daemon did not start" >&2; exit 1; }
  cat "$HOME_DIR/run/serve.json"; echo

  step "docking both recorders: their volumes are mounted read-only (fusefat) under $WATCH"
  fusefat -o ro "$IMAGE" "$MOUNT" > /dev/null 2>&1 || { echo "fusefat could not mount $IMAGE" >&2; exit 1; }
  fusefat -o ro "$IMAGE2" "$MOUNT2" > /dev/null 2>&1 || { echo "fusefat could not mount $IMAGE2" >&2; exit 1; }
  # Nothing is typed for the offload: the daemon sees the mounts and offloads both at once.
  for _ in $(seq 1 600); do
    done_count=$("$RECGATE" --home "$HOME_DIR" status --json | grep -cE '"state" : "(offloaded|failed)"' || true)
    [ "$done_count" -ge 2 ] && break
    sleep 0.2
  done
  step "what the daemon did (recgate status; also GET /status and /metrics on its address)"
  "$RECGATE" --home "$HOME_DIR" status
  step "stopping the daemon (SIGTERM: it stops at a safe point; the next start resumes)"
  kill -TERM $daemon; wait $daemon || true
  trap unmount_all EXIT
  grep -E '\[Daemon\]|\[Gateway\]' "$WORK/serve.log" | sed -E 's/^[^ ]+ [a-z]+ recgate\.serve: //'
  fusefat -o ro "$IMAGE" "$MOUNT" > /dev/null 2>&1 || true
else
  step "FUSE is not available: copying the volume into a plain folder at $MOUNT and offloading it by hand"
  rm -rf "$MOUNT"; mkdir -p "$MOUNT"; mcopy -s -m -i "$IMAGE" ::/DCIM "$MOUNT/"
  "$RECGATE" --home "$HOME_DIR" offload --volume "$MOUNT" --digest sha256,sm3
fi

step "offload again by hand: nothing is copied twice"
"$RECGATE" --home "$HOME_DIR" offload --volume "$MOUNT"
step "re-hash the whole store against the catalog"
"$RECGATE" --home "$HOME_DIR" verify
step "check the audit chain"
"$RECGATE" --home "$HOME_DIR" audit verify
step "device health for the equipment keeper"
"$RECGATE" --home "$HOME_DIR" devices --health || true
first=$("$RECGATE" --home "$HOME_DIR" offload --volume "$MOUNT" --json | sed -n 's/.*"sha256" : "\([0-9a-f]\{64\}\)".*/\1/p' | head -1)
step "media facts of a stored clip (probe), a review proxy and a contact sheet of it"
"$RECGATE" --home "$HOME_DIR" probe "$HOME_DIR/store/objects/sha256/${first:0:2}/${first:2:2}/$first" || true
rm -f "$WORK/proxy.mp4" "$WORK/sheet.jpg"
"$RECGATE" --home "$HOME_DIR" proxy "$first" --out "$WORK/proxy.mp4" --height 180
"$RECGATE" --home "$HOME_DIR" sheet "$first" --out "$WORK/sheet.jpg"

step "a recording cut short by a flat battery (no index), rebuilt with a healthy clip as reference"
cut="$WORK/cut.mp4"
size=$(stat -c %s "$WORK/clips/clip1.mp4")
head -c $(( size * 6 / 10 )) "$WORK/clips/clip1.mp4" > "$cut"
"$RECGATE" probe "$cut" || true
rm -f "$WORK/recovered.mp4"
"$RECGATE" recover "$cut" --reference "$WORK/clips/clip0.mp4" --out "$WORK/recovered.mp4"
"$RECGATE" probe "$WORK/recovered.mp4"

step "import a case with its steps, who carried the recorder, and a clock reading taken off its screen"
"$RECGATE" --home "$HOME_DIR" case import fixtures/cases/demo-case.json
"$RECGATE" --home "$HOME_DIR" custody import fixtures/cases/demo-custody.json
# The recorder's screen showed 12:00:05 when the true time was 12:00:00: its clock is 5 s fast.
"$RECGATE" --home "$HOME_DIR" clock record --device "$SERIAL" --device-time "2026-11-03 12:00:05" \
  --at 2026-11-03T12:00:00+08:00 --note "read by the keeper at the dock"
"$RECGATE" --home "$HOME_DIR" clock show --device "$SERIAL"

step "check the case: each step's coverage, then the findings (exit status 1: findings of severity error)"
status=0
"$RECGATE" --home "$HOME_DIR" case check CZ-ZJ-2026-0142 || status=$?
echo "(case check exit status $status)"
[ "$status" -le 1 ] || exit "$status"

step "report over every case, per department and per officer; also as HTML ($WORK/report.html)"
"$RECGATE" --home "$HOME_DIR" case report --html "$WORK/report.html"

step "the dashboard and the API: accounts made on the command line, the same documents over HTTP"
for account in "keeper equipment_keeper" "clerk evidence_staff" "counsel legal_office"; do
  set -- $account
  "$RECGATE" --home "$HOME_DIR" user list --json | grep -q "\"name\" : \"$1\"" \
    || echo "demo-password-$1" | "$RECGATE" --home "$HOME_DIR" user add "$1" --role "$2"
done
"$RECGATE" --home "$HOME_DIR" user list
rm -f "$HOME_DIR/run/serve.json"
"$RECGATE" --home "$HOME_DIR" serve --listen 127.0.0.1:0 2> "$WORK/serve-web.log" &
web=$!
for _ in $(seq 1 300); do [ -s "$HOME_DIR/run/serve.json" ] && break; kill -0 $web || break; sleep 0.1; done
port=$(sed -n 's/.*"port" *: *\([0-9]*\).*/\1/p' "$HOME_DIR/run/serve.json")
url="http://127.0.0.1:$port"
jar="$WORK/cookies"
curl -s -c "$jar" -H 'Content-Type: application/json' -d '{"name": "clerk", "password": "demo-password-clerk"}' "$url/api/login"; echo
echo "GET /api/clips?device=$SERIAL&limit=2"
curl -s -b "$jar" "$url/api/clips?device=$SERIAL&limit=2" | head -30
id=$(curl -s -b "$jar" "$url/api/clips?device=$SERIAL&limit=1" | sed -n 's/.*"id" : "\([0-9a-f-]*\)".*/\1/p' | head -1)
echo "GET /api/clips/$id/original (bytes 0-99, reason given): the headers"
curl -s -b "$jar" -r 0-99 -D - -o /dev/null "$url/api/clips/$id/original?reason=demo" | grep -iE '^(HTTP|content-range|x-content-sha256|repr-digest)'
curl -s -c "$jar" -H 'Content-Type: application/json' -d '{"name": "counsel", "password": "demo-password-counsel"}' "$url/api/login" > /dev/null
echo "GET /api/audit (the legal office): the last entries, the download among them"
curl -s -b "$jar" "$url/api/audit?after=0&limit=1000" | grep -E '"(action|actor)"' | tail -6
kill -TERM $web; wait $web || true
echo "browse it: $RECGATE --home $HOME_DIR serve, then http://127.0.0.1:8470/ (keeper/clerk/counsel, demo-password-NAME)"

step "done: catalog $HOME_DIR/catalog.sqlite, store $HOME_DIR/store, derived files and report in $WORK"
