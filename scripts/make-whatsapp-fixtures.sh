#!/usr/bin/env bash
# Generate the fictional WhatsApp exports used by the intake tests.
#
#   scripts/make-whatsapp-fixtures.sh [OUTDIR]      # default: tests/fixtures/whatsapp
#
# Four exports, each as an unpacked folder and as the .zip a phone makes:
#   android-en  Android, English (US): M/D/YY, 12-hour clock with U+202F before AM/PM
#   android-nl  Android, Dutch: DD-MM-YYYY 24-hour, "(bestand bijgevoegd)", a +31 number
#   ios-en      iPhone, English (UK): [DD/MM/YYYY, HH:MM:SS], U+200E marks, <attached: …>
#   ios-nl      iPhone, Dutch: [DD-MM-YYYY HH:MM:SS], <bijgevoegd: …>
# Every chat, name and number is invented. Voice notes are a few seconds of espeak-ng speech.
#
# Needs: espeak-ng, sox (with libsox-fmt-all for AMR), ffmpeg, zip.
set -euo pipefail

OUT="${1:-tests/fixtures/whatsapp}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
for tool in espeak-ng sox ffmpeg zip; do
    command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 1; }
done
FF=(ffmpeg -nostdin -hide_banner -loglevel error -y)

# say VOICE TEXT OUT.{opus,m4a,mp3,aac,amr}
say() {
    local voice="$1" text="$2" out="$3"
    espeak-ng -v "$voice" -s 190 -w "$WORK/s.wav" "$text"
    sox "$WORK/s.wav" -r 16000 -c 1 -b 16 "$WORK/s16.wav"
    case "$out" in
        *.opus) "${FF[@]}" -i "$WORK/s16.wav" -c:a libopus -b:a 12k -application voip "$out" ;;
        *.m4a)  "${FF[@]}" -i "$WORK/s16.wav" -c:a aac -b:a 24k "$out" ;;
        *.aac)  "${FF[@]}" -i "$WORK/s16.wav" -c:a aac -b:a 24k -f adts "$out" ;;
        *.mp3)  "${FF[@]}" -i "$WORK/s16.wav" -c:a libmp3lame -b:a 24k "$out" ;;
        *.amr)  sox "$WORK/s16.wav" -r 8000 -c 1 -t amr-nb -C 7 "$out" ;;
    esac
}

# A tiny stand-in for a photo (JPEG magic, no real image) and a document.
photo() { printf '\xff\xd8\xff\xe0\x00\x10JFIF\x00fictional photo\xff\xd9' > "$1"; }
doc() { printf '%%PDF-1.4\n%% fictional letter\n%%%%EOF\n' > "$1"; }

rm -rf "$OUT"
mkdir -p "$OUT"
LRM=$'\u200e'; NNBSP=$'\u202f'; LRE=$'\u202a'; PDF=$'\u202c'

# --- Android, English (US) ------------------------------------------------------------------
d="$OUT/android-en"; mkdir -p "$d"
say en-us+m3 "This is Jan. Listen to how she talks to me." "$d/PTT-20240312-WA0001.opus"
say en-us+m3 "Forwarded recording from Sunday evening." "$d/AUD-20240312-WA0002.m4a"
say en-us+m3 "Another one, from the car." "$d/PTT-20240313-WA0004.opus"
cp "$d/PTT-20240312-WA0001.opus" "$d/PTT-20240313-WA0005.opus"   # the same note sent twice
say en-us+m3 "Old phone recording." "$d/AUD-20240313-WA0007.amr"  # AMR: refused by the probe
say en-us+m3 "An mp3 someone sent me." "$d/AUD-20240313-WA0008.mp3"
photo "$d/IMG-20240312-WA0003.jpg"
cat > "$d/WhatsApp Chat with Jan Jansen.txt" <<TXT
3/12/24, 6:58${NNBSP}PM - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.
3/12/24, 7:01${NNBSP}PM - Jan Jansen: Hi, this is Jan. I have recordings of the arguments.
3/12/24, 7:02${NNBSP}PM - Wim (team): Hello Jan, what are they about?
3/12/24, 7:04${NNBSP}PM - Jan Jansen: PTT-20240312-WA0001.opus (file attached)
3/12/24, 7:05${NNBSP}PM - Jan Jansen: This one is from last Sunday.
The kids were in the next room.
3/12/24, 7:07${NNBSP}PM - Jan Jansen: AUD-20240312-WA0002.m4a (file attached)
3/12/24, 7:08${NNBSP}PM - Jan Jansen: IMG-20240312-WA0003.jpg (file attached)
3/13/24, 8:15${NNBSP}AM - Jan Jansen: PTT-20240313-WA0004.opus (file attached)
3/13/24, 8:16${NNBSP}AM - Jan Jansen: PTT-20240313-WA0005.opus (file attached)
3/13/24, 8:20${NNBSP}AM - Jan Jansen: PTT-20240313-WA0006.opus (file attached)
3/13/24, 8:21${NNBSP}AM - Jan Jansen: <Media omitted>
3/13/24, 8:25${NNBSP}AM - Jan Jansen: AUD-20240313-WA0007.amr (file attached)
3/13/24, 8:26${NNBSP}AM - Jan Jansen: AUD-20240313-WA0008.mp3 (file attached)
3/13/24, 12:30${NNBSP}PM - Wim (team): Thank you. Who is on these recordings, and why do you send them?
TXT
(cd "$d" && zip -qX -n .opus:.m4a:.mp3:.amr:.jpg "../android-en.zip" -- *)

# --- Android, Dutch ---------------------------------------------------------------------------
d="$OUT/android-nl"; mkdir -p "$d"
say nl+f3 "Hoi, met Sanne. Dit is wat er gisteren gebeurde." "$d/PTT-20240402-WA0000.opus"
say nl+f3 "Doorgestuurd bericht van mijn zus." "$d/AUD-20240402-WA0001.aac"
say nl+f3 "Nog een opname, van de ochtend." "$d/PTT-20240403-WA0003.opus"
doc "$d/DOC-20240402-WA0002.pdf"
cat > "$d/WhatsApp-chat met Sanne.txt" <<TXT
02-04-2024 09:12 - Berichten en oproepen worden end-to-end versleuteld. Niemand buiten deze chat, zelfs WhatsApp niet, kan ze lezen of beluisteren. Tik voor meer informatie.
02-04-2024 09:13 - ${LRE}+31 6 12345678${PDF}: Goedemorgen, ik stuur u de opnames.
02-04-2024 09:14 - ${LRE}+31 6 12345678${PDF}: PTT-20240402-WA0000.opus (bestand bijgevoegd)
02-04-2024 09:15 - Wendy (team): Dank u. Wie zijn er op te horen?
02-04-2024 09:20 - ${LRE}+31 6 12345678${PDF}: AUD-20240402-WA0001.aac (bestand bijgevoegd)
02-04-2024 09:21 - ${LRE}+31 6 12345678${PDF}: DOC-20240402-WA0002.pdf (bestand bijgevoegd)
Dit is de brief van school
03-04-2024 07:45 - ${LRE}+31 6 12345678${PDF}: PTT-20240403-WA0003.opus (bestand bijgevoegd)
03-04-2024 07:46 - ${LRE}+31 6 12345678${PDF}: <Media weggelaten>
03-04-2024 21:10 - Wendy (team): Ik bel u morgen om het te bespreken.
TXT
(cd "$d" && zip -qX -n .opus:.aac:.pdf "../android-nl.zip" -- *)

# --- iPhone, English (UK) ---------------------------------------------------------------------
d="$OUT/ios-en"; mkdir -p "$d"
say en+m3 "Voice note from Jan about the weekend." "$d/00000012-AUDIO-2024-03-12-19-04-11.opus"
say en+m3 "A recording I made at the door." "$d/00000014-AUDIO-2024-03-12-21-40-02.opus"
say en+m3 "Forwarded from my sister." "$d/00000016-Recording 3.m4a"
photo "$d/00000013-PHOTO-2024-03-12-19-05-00.jpg"
cat > "$d/_chat.txt" <<TXT
[12/03/2024, 18:58:00] Jan Jansen: ${LRM}Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.
[12/03/2024, 19:01:30] Jan Jansen: I am sending you what I recorded.
${LRM}[12/03/2024, 19:04:11] Jan Jansen: ${LRM}<attached: 00000012-AUDIO-2024-03-12-19-04-11.opus>
${LRM}[12/03/2024, 19:05:00] Jan Jansen: ${LRM}<attached: 00000013-PHOTO-2024-03-12-19-05-00.jpg>
[12/03/2024, 19:06:45] Wim (team): Thanks Jan. Did the others know you were recording?
[12/03/2024, 21:39:59] Jan Jansen: No.
They did not.
${LRM}[12/03/2024, 21:40:02] Jan Jansen: ${LRM}<attached: 00000014-AUDIO-2024-03-12-21-40-02.opus>
${LRM}[13/03/2024, 07:02:13] Jan Jansen: ${LRM}<attached: 00000015-AUDIO-2024-03-13-07-02-13.opus>
${LRM}[13/03/2024, 07:03:00] Jan Jansen: Recording 3.m4a ${LRM}<attached: 00000016-Recording 3.m4a>
[13/03/2024, 07:04:00] Jan Jansen: ${LRM}audio omitted
TXT
(cd "$d" && zip -qX "../ios-en.zip" -- *)

# --- iPhone, Dutch ----------------------------------------------------------------------------
d="$OUT/ios-nl"; mkdir -p "$d"
say nl+m3 "Dit is de opname van vrijdagavond." "$d/00000007-AUDIO-2024-05-10-22-15-40.opus"
say nl+m3 "Luister maar naar hoe het ging." "$d/00000009-AUDIO-2024-05-11-08-01-05.opus"
photo "$d/00000008-PHOTO-2024-05-10-22-16-00.jpg"
cat > "$d/_chat.txt" <<TXT
[10-05-2024 22:10:00] Pieter de Vries: ${LRM}Berichten en gesprekken zijn end-to-end versleuteld. Niemand buiten deze chat, zelfs WhatsApp niet, kan ze lezen of beluisteren.
[10-05-2024 22:14:58] Pieter de Vries: Goedenavond, hierbij de opname.
${LRM}[10-05-2024 22:15:40] Pieter de Vries: ${LRM}<bijgevoegd: 00000007-AUDIO-2024-05-10-22-15-40.opus>
${LRM}[10-05-2024 22:16:00] Pieter de Vries: ${LRM}<bijgevoegd: 00000008-PHOTO-2024-05-10-22-16-00.jpg>
[11-05-2024 08:00:12] Wim (team): Goedemorgen. Waarom stuurt u ons dit?
${LRM}[11-05-2024 08:01:05] Pieter de Vries: ${LRM}<bijgevoegd: 00000009-AUDIO-2024-05-11-08-01-05.opus>
[11-05-2024 08:02:00] Pieter de Vries: Zodat u weet hoe het thuis gaat.
TXT
(cd "$d" && zip -qX "../ios-nl.zip" -- *)

ls -lR "$OUT" | head -60
