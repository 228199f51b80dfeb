#!/usr/bin/env bash
# Schedules/s of one deterministic hunt on a cluster with one worker JVM against one with two, measured in
# one run: both clusters (each a seed and its workers, on 127.0.0.1) stay up throughout, each is warmed up
# with a hunt that is not counted, then the measured hunts alternate between them (1 2, 2 1, ...). Prints
# each run and, per cluster, the median with min and max. Usage:
#   load-scenarios/scripts/cluster-scaling.sh [ROUNDS] [SCHEDULES] [WARMUP] [RANGE]
# (defaults 6 rounds, 20000 schedules, 3 warm-up hunts per cluster, ranges of 200 schedules)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-6}"
schedules="${2:-20000}"
warmup="${3:-3}"
range="${4:-200}"
target="$root/test/src/test/resources/hunt/steal-vs-lookup.litmus"
one=25711
two=25712
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
"$root/splicelab" --version >/dev/null     # builds the jar first if it is stale

node() { "$root/splicelab" "$@" >"$work/node-$RANDOM.log" 2>&1 & pids+=($!); }
node cluster seed --port "$one"
node cluster seed --port "$two"
sleep 3
node cluster worker --join "127.0.0.1:$one" --workers 1
node cluster worker --join "127.0.0.1:$two" --workers 1
node cluster worker --join "127.0.0.1:$two" --workers 1
sleep 8

hunt() {   # prints the hunt's schedules/s (from its summary: submit to last report, joining not included)
  "$root/splicelab" hunt "$target" --model linux --seed 1 --schedules "$schedules" --quiet --out "$work" \
    --range "$range" --cluster "127.0.0.1:$1" | sed -n 's/.* = \([0-9]*\) schedules\/s.*/\1/p'
}
for i in $(seq 1 "$warmup"); do hunt "$one" >/dev/null; hunt "$two" >/dev/null; done
declare -a r1 r2
for i in $(seq 1 "$rounds"); do
  if [ $((i % 2)) -eq 1 ]; then a=$(hunt "$one"); b=$(hunt "$two"); else b=$(hunt "$two"); a=$(hunt "$one"); fi
  r1+=("$a"); r2+=("$b")
  echo "round $i: 1 worker JVM $a schedules/s, 2 worker JVMs $b schedules/s"
done
stats() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {m = NR % 2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2;
  printf "median %d (min %d, max %d) schedules/s over %d runs", m, v[1], v[NR], NR}'; }
echo "1 worker JVM:  $(stats "${r1[@]}")"
echo "2 worker JVMs: $(stats "${r2[@]}")"
