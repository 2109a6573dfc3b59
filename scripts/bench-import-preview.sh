#!/bin/bash
# Import and preview latency of two earshot binaries (say, the release build before a change
# and after it), as whole processes, paired run by run, each on its own new store; prints the
# medians. The preview is one second played into the null sink, so it includes that second.
#
#     scripts/bench-import-preview.sh OLD_BINARY NEW_BINARY [RUNS]     # default 15 runs
#
# Works in a temporary folder under $TMPDIR.
set -eu

old=$1
new=$2
runs=${3:-15}
here=$(cd "$(dirname "$0")/.." && pwd)
voice=$here/tests/fixtures/audio/voice.opus
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

setup() { # binary folder
    export EARSHOT_STORE=$2/store EARSHOT_KEY_FILE=$2/key EARSHOT_USER=lea
    "$1" init >/dev/null
    echo 123456 | "$1" team pin --pin-stdin >/dev/null
    "$1" team add wim --role worker >/dev/null
}
# Microseconds a command takes, its output dropped.
micros() {
    local start
    start=$(date +%s%N)
    "$@" >/dev/null
    echo $((($(date +%s%N) - start) / 1000))
}
median() {
    sort -n "$1" | awk '{ v[NR] = $1 } END { printf "%.1f ms", v[int((NR + 1) / 2)] / 1000 }'
}

for v in old new; do
    mkdir -p "$work/$v"
    bin=$old
    [ $v = new ] && bin=$new
    (setup "$bin" "$work/$v")
    : >"$work/import.$v"
    : >"$work/preview.$v"
done
for i in $(seq 1 "$runs"); do
    # Old first in odd runs, new first in even ones.
    order="old new"
    [ $((i % 2)) = 0 ] && order="new old"
    for v in $order; do
        bin=$old
        [ $v = new ] && bin=$new
        export EARSHOT_STORE=$work/$v/store EARSHOT_KEY_FILE=$work/$v/key EARSHOT_USER=wim
        # The same recording in a case of its own each time: a new item, one allowance.
        micros "$bin" import "$voice" --case "C-$i" --received-by wim --channel whatsapp \
            >>"$work/import.$v"
        micros sh -c "echo 123456 | '$bin' preview $i --seconds 1 --supervisor lea \
            --pin-stdin --sink null" >>"$work/preview.$v"
    done
done
echo "import   old $(median "$work/import.old")   new $(median "$work/import.new")"
echo "preview  old $(median "$work/preview.old")   new $(median "$work/preview.new")"
