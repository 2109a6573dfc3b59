#!/usr/bin/env bash
# Generate small, entirely fictional speech fixtures for the audio tests.
#
#   scripts/make-audio-fixtures.sh [OUTDIR]          # default: tests/fixtures/audio
#   LONG=1 scripts/make-audio-fixtures.sh BENCHDIR   # also 30-minute and 2-hour files
#
# Every lossy/lossless file is encoded from one WAV master of an exact length,
# so the master's frame count is the independent truth for durations. The
# expectations are written to expected.json next to the fixtures.
#
# Needs: espeak-ng, sox (with libsox-fmt-all for AMR), ffmpeg, ffprobe, opusenc.
set -euo pipefail

OUT="${1:-tests/fixtures/audio}"
mkdir -p "$OUT"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

for tool in espeak-ng sox ffmpeg ffprobe opusenc; do
    command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 1; }
done

FF=(ffmpeg -nostdin -hide_banner -loglevel error -y)
DUR=3.8           # seconds, exact length of the master
RATE=48000        # master sample rate
FRAMES=$((RATE * 38 / 10))

# --- the master: a Dutch and an English (fictional) message with a quiet room tone
espeak-ng -v nl+f3 -s 185 -w "$WORK/nl.wav" "Hoi, met Sanne. Bel je me terug?"
espeak-ng -v en-us+m3 -s 185 -w "$WORK/en.wav" "Please call me back."
sox "$WORK/nl.wav" -r $RATE -c 1 -b 16 "$WORK/nl48.wav"
sox "$WORK/en.wav" -r $RATE -c 1 -b 16 "$WORK/en48.wav" pad 0.15 0
sox "$WORK/nl48.wav" "$WORK/en48.wav" "$WORK/speech.wav"
# Pad (or cut) to exactly DUR seconds, then mix in a faint brown-noise bed.
sox -V1 "$WORK/speech.wav" "$WORK/speech_fixed.wav" pad 0.1 "$DUR" trim 0 "${FRAMES}s"
sox -n -r $RATE -c 1 -b 16 "$WORK/bed.wav" synth "${FRAMES}s" brownnoise vol 0.01
sox -m -v 0.9 "$WORK/speech_fixed.wav" "$WORK/bed.wav" -b 16 "$WORK/master48.wav" trim 0 "${FRAMES}s"
got=$(soxi -s "$WORK/master48.wav")
[ "$got" -eq "$FRAMES" ] || { echo "master has $got frames, wanted $FRAMES" >&2; exit 1; }

# --- the formats a youth-care team receives
"${FF[@]}" -i "$WORK/master48.wav" -ac 1 -ar 16000 -c:a libopus -b:a 20k \
    -application voip -frame_duration 20 "$OUT/voice.opus"
"${FF[@]}" -i "$WORK/master48.wav" -ac 1 -ar 44100 -c:a aac -b:a 64k "$OUT/voice.m4a"
"${FF[@]}" -i "$WORK/master48.wav" -ac 1 -ar 44100 -c:a aac -b:a 64k -f adts "$OUT/voice.aac"
"${FF[@]}" -i "$WORK/master48.wav" -ac 1 -ar 44100 -c:a libmp3lame -b:a 64k "$OUT/voice.mp3"
"${FF[@]}" -i "$WORK/master48.wav" -ac 1 -ar 44100 -c:a libmp3lame -q:a 5 -write_xing 0 \
    "$OUT/voice_vbr_noxing.mp3"
"${FF[@]}" -i "$WORK/master48.wav" -ac 1 -ar 8000 -c:a pcm_s16le "$OUT/voice.wav"
"${FF[@]}" -i "$WORK/master48.wav" -ac 1 -ar 16000 -c:a flac "$OUT/voice.flac"
"${FF[@]}" -i "$WORK/master48.wav" -ac 1 -ar 22050 -c:a libvorbis -q:a 2 "$OUT/voice.ogg"

# AMR from an old Android recorder: raw .amr (sox) and the same stream in a .3gp.
sox "$WORK/master48.wav" -r 8000 -c 1 -t amr-nb -C 7 "$OUT/voice.amr"
"${FF[@]}" -i "$OUT/voice.amr" -c:a copy -f 3gp "$OUT/voice.3gp"

# A short stereo file encoded the way desktop tools do (opusenc, 48 kHz).
STEREO_FRAMES=$((RATE * 2))
sox -M "$WORK/nl48.wav" "$WORK/en48.wav" "$WORK/stereo_raw.wav"
sox -V1 "$WORK/stereo_raw.wav" -b 16 "$WORK/stereo.wav" pad 0 2 trim 0 "${STEREO_FRAMES}s"
opusenc --quiet --bitrate 48 "$WORK/stereo.wav" "$OUT/stereo.opus"

# Not audio at all, and a damaged voice note.
printf 'Verslag huisbezoek (fictief).\nGeen audio in dit bestand.\n' > "$OUT/notes.txt"
head -c 4000 "$OUT/voice.opus" > "$OUT/truncated.opus"

# --- expectations, from the masters (independent of the code under test)
mp3_noxing_frames=$(ffprobe -v error -count_packets -select_streams a:0 \
    -show_entries stream=nb_read_packets -of csv=p=0 "$OUT/voice_vbr_noxing.mp3")
adts_packets=$(ffprobe -v error -count_packets -select_streams a:0 \
    -show_entries stream=nb_read_packets -of csv=p=0 "$OUT/voice.aac")
# ADTS and an mp3 without a LAME/Xing header carry no gapless information:
# their true length is every coded frame (1024 / 1152 samples at 44.1 kHz).
cat > "$OUT/expected.json" <<EOF
{
  "master_frames": $FRAMES,
  "master_rate": $RATE,
  "duration_ms": $((FRAMES * 1000 / RATE)),
  "stereo_frames": $STEREO_FRAMES,
  "stereo_duration_ms": $((STEREO_FRAMES * 1000 / RATE)),
  "mp3_noxing_packets": $mp3_noxing_frames,
  "adts_packets": $adts_packets
}
EOF

# --- long files for the benchmarks (not committed)
if [ "${LONG:-0}" = "1" ]; then
    # 30 minutes and 2 hours: the master repeated, with a slow tone so the
    # signal is not periodic in a way an encoder could exploit.
    sox "$WORK/master48.wav" -r 16000 "$WORK/m16.wav"
    sox "$WORK/m16.wav" "$WORK/long30.wav" repeat 562 trim 0 1800
    sox -n -r 16000 -c 1 "$WORK/tone30.wav" synth 1800 sine 180-420 vol 0.05
    sox -m "$WORK/long30.wav" "$WORK/tone30.wav" "$WORK/long30m.wav"
    "${FF[@]}" -i "$WORK/long30m.wav" -ac 1 -ar 16000 -c:a libopus -b:a 20k \
        -application voip -frame_duration 20 "$OUT/long30.opus"
    "${FF[@]}" -i "$WORK/long30m.wav" -ac 1 -ar 44100 -c:a aac -b:a 64k "$OUT/long30.m4a"
    sox "$WORK/long30m.wav" "$WORK/long120.wav" repeat 3
    "${FF[@]}" -i "$WORK/long120.wav" -ac 1 -ar 16000 -c:a libopus -b:a 20k \
        -application voip -frame_duration 20 "$OUT/long120.opus"
fi

ls -l "$OUT"
