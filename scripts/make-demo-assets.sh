#!/usr/bin/env bash
# Makes the demo's fictional recordings in assets/demo/ (espeak-ng voices, a little room noise).
# Needs: espeak-ng sox libsox-fmt-all ffmpeg.   Usage: scripts/make-demo-assets.sh [OUTDIR]
set -euo pipefail
OUT=${1:-"$(dirname "$0")/../assets/demo"}
mkdir -p "$OUT"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
FF=(ffmpeg -hide_banner -loglevel error -y)

# say NAME "VOICE|text" ...  -> $TMP/NAME.wav (48 kHz mono, lines joined with short pauses)
say() {
  local name=$1; shift
  local parts=() i=0
  for entry in "$@"; do
    local voice=${entry%%|*} text=${entry#*|}
    espeak-ng -v "$voice" -s 165 -w "$TMP/$name-$i.wav" "$text"
    sox "$TMP/$name-$i.wav" -r 48000 -c 1 -b 16 "$TMP/$name-p$i.wav" gain -n -3 pad 0 0.4
    parts+=("$TMP/$name-p$i.wav"); i=$((i+1))
  done
  sox "${parts[@]}" "$TMP/$name-speech.wav"
  local len; len=$(soxi -D "$TMP/$name-speech.wav")
  sox -R -n -r 48000 -c 1 -b 16 "$TMP/$name-noise.wav" synth "$len" brownnoise vol 0.015
  sox -m "$TMP/$name-speech.wav" "$TMP/$name-noise.wav" "$TMP/$name.wav" highpass 120 lowpass 7000 gain -n -1
}

F=nl+f3; M=nl+m3; E=en-us+m3; K=nl+f5
say voicenote1 "$M|Hallo, met Ruben. Ik stuur je een opname van gisteravond." "$M|Luister maar hoe ze tegen me praat. Dit kan zo niet langer."
say argument1 "$F|Waarom ben je weer te laat? De kinderen stonden te wachten." "$M|Ik had een vergadering, dat heb ik je gezegd." "$F|Je zegt nooit iets. Nooit." "$M|Schreeuw niet zo, ze kunnen je horen."
say voicenote2 "$M|Dit is de derde opname. Ik wil dat jullie dit horen voordat het gesprek op maandag is."
say phonecall "$E|I am calling about the weekend arrangement." "$F|Dat hebben we al afgesproken, zaterdag tot zondag." "$E|No, we did not. You changed it again."
say voicenote3 "$K|Hoi, met Yara. Mama en papa hadden weer ruzie. Ik wil gewoon dat het stopt."
say voicenote4 "$F|Goedemiddag, met Ilse. Ik stuur de opname die ik beloofd had, van het gesprek bij de school."

"${FF[@]}" -i "$TMP/voicenote1.wav" -ac 1 -ar 16000 -c:a libopus -b:a 20k -application voip "$OUT/PTT-20260310-WA0001.opus"
"${FF[@]}" -i "$TMP/argument1.wav" -ac 1 -ar 44100 -c:a aac -b:a 48k "$OUT/opname-keuken.m4a"
"${FF[@]}" -i "$TMP/voicenote2.wav" -ac 1 -ar 16000 -c:a libopus -b:a 20k -application voip "$OUT/PTT-20260312-WA0003.opus"
"${FF[@]}" -i "$TMP/phonecall.wav" -ac 1 -ar 22050 -c:a libmp3lame -b:a 40k "$OUT/call-2026-03-09.mp3"
"${FF[@]}" -i "$TMP/voicenote3.wav" -ac 1 -ar 16000 -c:a libopus -b:a 20k -application voip "$OUT/PTT-20260314-WA0007.opus"
"${FF[@]}" -i "$TMP/voicenote4.wav" -ac 1 -ar 16000 -c:a libopus -b:a 20k -application voip "$OUT/AUD-20260301-WA0002.opus"
ls -l "$OUT"
