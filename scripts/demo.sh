#!/usr/bin/env bash
# `make demo`: a generated body recorder's FAT32 volume, offloaded into ./data, verified, audited; then a
# sample case (fixtures/cases/) checked against its clips.
#
# The volume is a real FAT32 image (mkfs.fat) filled with generated clips (ffmpeg lavfi) named as a
# body recorder names them, mounted read-only through FUSE (fusefat). Where FUSE is missing the same
# files are copied out of the image with mtools into a plain folder instead.
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ=UTC   # FAT keeps wall-clock times; build and mount the image in one zone (see README, Time)
RECGATE=${RECGATE:-.build/debug/recgate}
HOME_DIR=${DEMO_HOME:-data}
WORK=.build/demo
IMAGE=$WORK/recorder.img
MOUNT=$WORK/volume
SERIAL=A001234
mkdir -p "$WORK/clips"

step() { printf '\n== %s\n' "$*"; }

step "generating recordings of body recorder $SERIAL (3 clips, a photo, an audio note)"
starts=("093015" "094515" "101502")
for i in 0 1 2; do
  clip="$WORK/clips/clip$i.mp4"
  [ -f "$clip" ] || ffmpeg -loglevel error -y -f lavfi -i "testsrc2=size=320x240:rate=15" \
    -f lavfi -i "sine=frequency=$((400 + 100 * i)):sample_rate=16000" -t 3 \
    -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac -b:a 32k -shortest "$clip"
done
[ -f "$WORK/clips/photo.jpg" ] || ffmpeg -loglevel error -y -f lavfi -i testsrc2=size=320x240 -frames:v 1 "$WORK/clips/photo.jpg"
[ -f "$WORK/clips/note.wav" ] || ffmpeg -loglevel error -y -f lavfi -i sine=frequency=300:sample_rate=8000 -t 2 "$WORK/clips/note.wav"

step "making a 64 MiB FAT32 recorder volume ($IMAGE)"
rm -f "$IMAGE"
truncate -s 64M "$IMAGE"
mkfs.fat -F 32 -n RECORDER "$IMAGE" > /dev/null
mmd -i "$IMAGE" ::/DCIM ::/DCIM/100MEDIA
put() {  # source, name, wall-clock end time (the recorder stamps the end of the recording)
  cp "$1" "$WORK/staging.tmp"; touch -d "$3" "$WORK/staging.tmp"
  mcopy -m -i "$IMAGE" "$WORK/staging.tmp" "::/DCIM/100MEDIA/$2"
}
# Numbered in recording order, as the recorder numbers them: clips 1 and 2, the photo, the note, clip 5.
sequences=(1 2 5)
for i in 0 1 2; do
  s=${starts[$i]}
  put "$WORK/clips/clip$i.mp4" "20261103_${s}_${SERIAL}_000${sequences[$i]}.MP4" "2026-11-03 ${s:0:2}:${s:2:2}:$(printf '%02d' $(( 10#${s:4:2} + 4 )))"
done
put "$WORK/clips/photo.jpg" "20261103_094800_${SERIAL}_0003.JPG" "2026-11-03 09:48:00"
put "$WORK/clips/note.wav" "20261103_095000_${SERIAL}_0004.WAV" "2026-11-03 09:50:02"
rm -f "$WORK/staging.tmp"
mdir -i "$IMAGE" ::/DCIM/100MEDIA

mkdir -p "$MOUNT"
mounted=no
if [ -e /dev/fuse ] && command -v fusefat > /dev/null; then
  fusermount -u "$MOUNT" 2>/dev/null || true
  fusefat -o ro "$IMAGE" "$MOUNT" 2>/dev/null && mounted=yes
fi
if [ "$mounted" = yes ]; then
  step "mounted read-only through FUSE at $MOUNT"
  trap 'fusermount -u "$MOUNT" 2>/dev/null || true' EXIT
else
  step "FUSE is not available: copying the volume into a plain folder at $MOUNT"
  rm -rf "$MOUNT"; mkdir -p "$MOUNT"; mcopy -s -m -i "$IMAGE" ::/DCIM "$MOUNT/"
fi

step "offload into $HOME_DIR (SHA-256 and SM3)"
"$RECGATE" --home "$HOME_DIR" offload --volume "$MOUNT" --digest sha256,sm3
step "offload again: nothing is copied twice"
"$RECGATE" --home "$HOME_DIR" offload --volume "$MOUNT"
step "re-hash the whole store against the catalog"
"$RECGATE" --home "$HOME_DIR" verify
step "check the audit chain"
"$RECGATE" --home "$HOME_DIR" audit verify
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

step "done: catalog $HOME_DIR/catalog.sqlite, store $HOME_DIR/store, derived files and report in $WORK"
