#!/bin/sh
# Import speed measured from outside: `earshot import` of a large WAV as a whole process, against
# `age -r KEY -o OUT IN && sync OUT` on the same file, paired run by run (earshot first in odd
# runs, age first in even ones), with the median of the per-pair ratios.
#
#     cargo build --release
#     scripts/bench-import-vs-age.sh [SIZE_MIB] [RUNS]      # default 1024 MiB, 5 runs
#
# Needs sox and age (apt install sox age). Works in a temporary folder under $TMPDIR (on the
# same disk as the store would be; give TMPDIR to choose). The WAV is noise, so neither side
# can compress it.
set -eu

size_mib=${1:-1024}
runs=${2:-5}
bin=${EARSHOT_BIN:-target/release/earshot}
[ -x "$bin" ] || { echo "no $bin: run cargo build --release first" >&2; exit 2; }
command -v age >/dev/null || { echo "age is not installed (apt install age)" >&2; exit 2; }
command -v sox >/dev/null || { echo "sox is not installed (apt install sox)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/earshot-import-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
wav="$work/in.wav"
# 48 kHz stereo 16-bit: 192,000 bytes a second.
secs=$(( size_mib * 1024 * 1024 / 192000 ))
sox -n -r 48000 -c 2 -b 16 "$wav" synth "$secs" whitenoise vol 0.3
age-keygen -o "$work/age.key" 2>/dev/null
recipient=$(age-keygen -y "$work/age.key")
echo "file: $(du -h "$wav" | cut -f1) WAV, $runs paired runs"

now() { date +%s.%N; }

run_earshot() {
    rm -rf "$work/store" "$work/key"
    EARSHOT_STORE="$work/store" EARSHOT_KEY_FILE="$work/key" EARSHOT_USER=bench \
        "$bin" init >/dev/null
    # Warm the file into the page cache for both sides alike, and start with nothing left
    # to write back from the run before.
    cat "$wav" >/dev/null
    sync
    t0=$(now)
    EARSHOT_STORE="$work/store" EARSHOT_KEY_FILE="$work/key" EARSHOT_USER=bench \
        "$bin" import "$wav" --case C-1 --received-by bench --channel email >/dev/null
    t1=$(now)
    echo "$t1 - $t0" | bc
}

run_age() {
    rm -f "$work/out.age"
    cat "$wav" >/dev/null
    sync
    t0=$(now)
    age -r "$recipient" -o "$work/out.age" "$wav" && sync "$work/out.age"
    t1=$(now)
    echo "$t1 - $t0" | bc
}

ratios=""
i=1
while [ "$i" -le "$runs" ]; do
    if [ $((i % 2)) -eq 1 ]; then e=$(run_earshot); a=$(run_age); else a=$(run_age); e=$(run_earshot); fi
    r=$(echo "scale=3; $e / $a" | bc)
    printf 'run %d: earshot %.2f s, age+sync %.2f s, ratio %s\n' "$i" "$e" "$a" "$r"
    ratios="$ratios $r"
    i=$((i + 1))
done
median=$(printf '%s\n' $ratios | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "median ratio earshot / (age + sync): $median (goal <= 1.0)"
