#!/usr/bin/env bash
# Compares two builds of the jar with one benchmark, interleaved so that the machine's drift hits both alike:
#   bench/compare-jars.sh <old.jar> <new.jar> <runs-each> <benchmark script> [its arguments...]
# e.g. bench/compare-jars.sh /tmp/old.jar target/keycloak-hooks-0.1.0.jar 2 bench/prehooks.sh
# Runs old, new, new, old, old, new, ... (runs-each of each) and keeps every run's output in
# bench/.work/compare/<script>-<n>-<old|new>.txt; the last lines of each are printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 4 ] || { sed -n '2,6p' "$0" >&2; exit 2; }
old=$(realpath "$1") new=$(realpath "$2") runs=$3 script=$4
shift 4
[ -f "$old" ] && [ -f "$new" ] || { echo "both jars must exist" >&2; exit 2; }
out=bench/.work/compare
mkdir -p "$out"
name=$(basename "$script" .sh)
rm -f "$out/$name"-*-old.txt "$out/$name"-*-new.txt
order=()
for ((i = 0; i < runs; i++)); do
    if ((i % 2 == 0)); then order+=(old new); else order+=(new old); fi
done
n=0
for which in "${order[@]}"; do
    n=$((n + 1))
    jar=$old
    [ "$which" = new ] && jar=$new
    echo "[compare] run $n: $which ($jar)" >&2
    BENCH_JAR="$jar" bash "$script" "$@" > "$out/$name-$n-$which.txt" 2>&1
done
for f in "$out/$name"-*-*.txt; do
    echo "== $f"
    tail -n 12 "$f"
done
