#!/usr/bin/env bash
# Benchmark of the JWT prehook (mapper hooks-jwt-claims): client_credentials tokens/s of one Keycloak, for three
# confidential clients that differ only in their mappers:
#   plain  - no hooks-jwt-claims mapper (baseline)
#   hook   - the mapper, calling a local receiver on every token (cacheTtlSeconds 0)
#   cached - the mapper with a prehook whose cacheTtlSeconds is 60
# Rounds interleave the three in rotating order (A/B/C, then B/C/A, ...) so drift hits all alike; the result is
# the median over rounds of hook/plain and cached/plain. Each run also reports the CPU time Keycloak and the
# receiver spent per token, which is steadier than tokens/s on a busy machine.
# The receiver is Debian's nginx (bench/nginx-claims.conf; BENCH_RECEIVER=java uses bench/FastReceiver.java).
# The load driver is bench/TokenLoad.java (a JVM, like Keycloak); it and the receiver share the machine's
# cores with Keycloak, so their CPU counts against the ratio too.
#
#   bench/jwt-claims.sh [rounds] [seconds-per-run] [concurrency]      (defaults 6 10 8)
#
# Needs: a JDK 21+ (found like demo.sh does), curl, jq, nginx (nginx-light), ports 8280/9280 (Keycloak) and 8291
# (receiver) free; it stays off 8080, where the integration tests run Keycloak. On shared build machines take the benchmark lock:
#   flock /tmp/bench.lock bench/jwt-claims.sh
# BENCH_WARMUP=<seconds> per client before the rounds (default 30).
# BENCH_JFR=<file.jfr> records a Java Flight Recorder profile of Keycloak over the whole run.
# BENCH_JAR=<file> measures that jar instead of building this tree's (bench/compare-jars.sh uses it).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/select-jdk.sh
select_jdk

rounds=${1:-6}
seconds=${2:-10}
concurrency=${3:-8}
work="$PWD/.bench"
kc_version=$(sed -n 's:^ *<keycloak.server.version>\([0-9][^<]*\)</keycloak.server.version>.*:\1:p' pom.xml | head -n 1)
kc_home="$work/keycloak-$kc_version"
kc_port=8280
receiver_port=8291
base=http://localhost:$kc_port

if curl -s -o /dev/null "$base"; then
    echo "Something already answers on $base; stop it first (or wait for the lock)." >&2
    exit 1
fi

jar="${BENCH_JAR:-}" # another build of the jar to measure (e.g. the previous commit's); default: build this tree's
if [ -z "$jar" ]; then
    echo "Building the provider jar"
    ./mvnw -B -q -o -DskipTests package 2>/dev/null || ./mvnw -B -q -DskipTests package
    jar=$(ls providers/keycloak-hooks-*.jar | head -n 1)
fi
if [ ! -x "$kc_home/bin/kc.sh" ]; then
    echo "Fetching Keycloak $kc_version"
    mkdir -p "$work"
    ./mvnw -B -q dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$kc_version:zip" -DoutputDirectory="$work"
    (cd "$work" && jar xf "keycloak-quarkus-dist-$kc_version.zip" && rm "keycloak-quarkus-dist-$kc_version.zip")
    chmod +x "$kc_home"/bin/*.sh
fi
rm -rf "$kc_home/data"
rm -f "$kc_home"/providers/keycloak-hooks-*.jar
cp "$jar" "$kc_home/providers/keycloak-hooks-bench.jar" # the name the line above removes next time

pids=()
stop() {
    trap - INT TERM EXIT
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap stop INT TERM EXIT

receiver=${BENCH_RECEIVER:-nginx}
if [ "$receiver" = nginx ] && ! command -v nginx >/dev/null; then
    echo "nginx is not installed (apt-get install nginx-light); using the JDK receiver bench/FastReceiver.java" >&2
    receiver=java
fi
if [ "$receiver" = nginx ]; then
    mkdir -p "$work/nginx-claims-body"
    sed -e "s:BENCH_DIR:$work:g" -e "s:RECEIVER_PORT:$receiver_port:g" bench/nginx-claims.conf >"$work/nginx-claims.conf"
    nginx -e "$work/nginx-claims-error.log" -c "$work/nginx-claims.conf" &
else
    java bench/FastReceiver.java $receiver_port &
fi
pids+=($!)
jfr_opts=${BENCH_JFR:+-XX:StartFlightRecording=filename=$BENCH_JFR,settings=profile,dumponexit=true}
JAVA_OPTS_APPEND="${JAVA_OPTS_APPEND:-} $jfr_opts" KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    "$kc_home/bin/kc.sh" start-dev --http-port=$kc_port --http-management-port=9280 --log-level=WARN >"$work/keycloak.log" 2>&1 &
pids+=($!)

echo "Waiting for Keycloak"
deadline=$((SECONDS + 180))
until curl -sf -o /dev/null "$base/realms/master"; do
    [ $SECONDS -lt $deadline ] || { echo "Keycloak did not start; see $work/keycloak.log" >&2; exit 1; }
    sleep 1
done

token() {
    curl -sf -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin \
        "$base/realms/master/protocol/openid-connect/token" | jq -r .access_token
}
api() { # method path [json]
    local method=$1 path=$2 body=${3:-}
    curl -sf -X "$method" -H "Authorization: Bearer $(token)" -H "Content-Type: application/json" \
        ${body:+--data "$body"} "$base/admin$path" >/dev/null
}

echo "Setting up realm bench"
api POST /realms '{"realm": "bench", "enabled": true}'
api POST /realms/bench/hooks/prehooks '{"id": "uncached", "trigger": "jwt", "url": "http://127.0.0.1:'$receiver_port'/claims", "secret": "a-benchmark-secret-of-more-than-32-chars", "timeoutMs": 2000}'
api POST /realms/bench/hooks/prehooks '{"id": "cached", "trigger": "jwt", "url": "http://127.0.0.1:'$receiver_port'/claims", "secret": "a-benchmark-secret-of-more-than-32-chars", "timeoutMs": 2000, "cacheTtlSeconds": 60}'
client() { # clientId [prehook]
    local mappers='[]'
    if [ -n "${2:-}" ]; then
        mappers='[{"name": "claims", "protocol": "openid-connect", "protocolMapper": "hooks-jwt-claims", "config": {"prehook": "'$2'", "access.token.claim": "true", "id.token.claim": "true"}}]'
    fi
    api POST /realms/bench/clients '{"clientId": "'$1'", "secret": "'$1'-secret", "publicClient": false, "serviceAccountsEnabled": true, "standardFlowEnabled": false, "protocolMappers": '"$mappers"'}'
}
client plain
client hook uncached
client cached cached

url="$base/realms/bench/protocol/openid-connect/token"
check() { # the mapper really adds the claim (and the baseline does not)
    curl -sf -d grant_type=client_credentials -d client_id="$1" -d client_secret="$1-secret" "$url" \
        | jq -r .access_token | cut -d. -f2 | b64url_decode | jq -r '.plan // "none"'
}
b64url_decode() {
    local s
    s=$(tr '_-' '/+')
    while [ $((${#s} % 4)) -ne 0 ]; do s="$s="; done
    printf '%s' "$s" | base64 -d
}
[ "$(check plain)" = none ] && [ "$(check hook)" = pro ] && [ "$(check cached)" = pro ] \
    || { echo "The clients do not behave as expected (claim plan)" >&2; exit 1; }

kc_java=${pids[1]}
[ "$(cat /proc/$kc_java/comm)" = java ] || kc_java=$(pgrep -P "${pids[1]}" java | head -n 1)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # user + system, in clock ticks
ticks_per_second=$(getconf CLK_TCK)
# One run: prints "ok errors tokens/s keycloak-cpu-us/token receiver-cpu-us/token"
load() {
    local kc0 rc0 out ok
    kc0=$(cpu_ticks "$kc_java"); rc0=$(cpu_ticks "${pids[0]}")
    out=$(java bench/TokenLoad.java "$url" "$1" "$1-secret" "$2" "$concurrency")
    ok=${out%% *}
    awk -v out="$out" -v ok="$ok" -v kc=$(($(cpu_ticks "$kc_java") - kc0)) -v rc=$(($(cpu_ticks "${pids[0]}") - rc0)) \
        -v hz="$ticks_per_second" 'BEGIN { printf "%s %.0f %.0f\n", out, kc * 1e6 / hz / (ok ? ok : 1), rc * 1e6 / hz / (ok ? ok : 1) }'
}
# Keycloak's JIT keeps compiling for a minute or more under this load; measuring before that favours whichever
# client runs last.
warmup=${BENCH_WARMUP:-30}
echo "Warm-up (${warmup}s per client)"
for c in plain hook cached; do load $c "$warmup" >/dev/null; done

echo "round  plain/s  hook/s  cached/s  hook/plain  cached/plain  errors  CPU us/token: keycloak plain/hook/cached, receiver hook"
order=(plain hook cached)
ratios_hook=()
ratios_cached=()
for r in $(seq 1 "$rounds"); do
    declare -A rate=() errs=() kcpu=() rcpu=()
    for i in 0 1 2; do
        c=${order[$(((i + r - 1) % 3))]}
        read -r ok err tps kc rc < <(load "$c" "$seconds")
        rate[$c]=$tps
        errs[$c]=$err
        kcpu[$c]=$kc
        rcpu[$c]=$rc
    done
    rh=$(awk -v a="${rate[hook]}" -v b="${rate[plain]}" 'BEGIN { printf "%.3f", a / b }')
    rc=$(awk -v a="${rate[cached]}" -v b="${rate[plain]}" 'BEGIN { printf "%.3f", a / b }')
    ratios_hook+=("$rh")
    ratios_cached+=("$rc")
    printf "%5d  %7s  %6s  %8s  %10s  %12s  %6s  %s/%s/%s, %s\n" "$r" "${rate[plain]}" "${rate[hook]}" "${rate[cached]}" \
        "$rh" "$rc" "$((errs[plain] + errs[hook] + errs[cached]))" "${kcpu[plain]}" "${kcpu[hook]}" "${kcpu[cached]}" \
        "${rcpu[hook]}"
    unset rate errs kcpu rcpu
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "median hook/plain:   $(median "${ratios_hook[@]}")   (target >= 0.85)"
echo "median cached/plain: $(median "${ratios_cached[@]}")   (target >= 0.95)"
echo "machine: $(nproc) cores, $(uname -sr), Keycloak $kc_version start-dev, receiver $receiver, concurrency $concurrency, ${seconds}s runs after ${warmup}s warm-up per client, load average $(cut -d' ' -f1-3 /proc/loadavg)"
