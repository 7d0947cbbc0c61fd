# Shared by the benchmark scripts (sourced): the work directory, Keycloak from the Maven Central distribution
# with the built jar on port 8180 (management 9180), Debian's nginx as a fast receiver on 8099, and helpers.
# BENCH_DB=postgres uses the PostgreSQL that scripts/postgres.sh prepares (database keycloak_hooks_bench).
# The load: ROUNDS rounds of ROUND_SECONDS after WARMUP_SECONDS, CONNECTIONS wrk connections.
source scripts/select-jdk.sh
select_jdk >/dev/null
BENCH_DB="${BENCH_DB:-h2}"
ROUNDS="${ROUNDS:-6}"
ROUND_SECONDS="${ROUND_SECONDS:-10}"
WARMUP_SECONDS="${WARMUP_SECONDS:-10}"
CONNECTIONS="${CONNECTIONS:-16}"
WORK="$PWD/bench/.work"
KC_PORT=8180
BASE="http://localhost:$KC_PORT"
VERSION=$(sed -n 's:.*<keycloak.server.version>\(.*\)</keycloak.server.version>.*:\1:p' pom.xml | head -1)
# BENCH_JAR=<file> measures another build of the jar (e.g. the previous commit's, to compare two versions).
JAR="${BENCH_JAR:-target/keycloak-hooks-$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1).jar}"
SECRET="whsec_QWic4rvfEuLnP3dK38rYH0tmRZggmyGuN4Kb+ZsFZS0="
KC_PID=""

log() { printf '[bench] %s\n' "$*" >&2; }

install_tools() {
    command -v wrk >/dev/null && command -v nginx >/dev/null && command -v bc >/dev/null && return 0
    log "installing wrk, nginx-light and bc"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk nginx-light bc >/dev/null
}

prepare_keycloak() {
    [ -f "$JAR" ] || ./mvnw -B -q -DskipTests package
    local zip="$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/$VERSION/keycloak-quarkus-dist-$VERSION.zip"
    [ -f "$zip" ] || ./mvnw -B -q dependency:get -Dartifact="org.keycloak:keycloak-quarkus-dist:$VERSION:zip"
    rm -rf "$WORK/keycloak-$VERSION" && mkdir -p "$WORK"
    (cd "$WORK" && "$JAVA_HOME/bin/jar" xf "$zip" && chmod +x "keycloak-$VERSION/bin/kc.sh")
    cp "$JAR" "$WORK/keycloak-$VERSION/providers/"
}

start_keycloak() { # start_keycloak <extra options...>
    local db=(--db=dev-file)
    if [ "$BENCH_DB" = postgres ]; then
        su postgres -c "psql -qc 'drop database if exists keycloak_hooks_bench' -c 'create database keycloak_hooks_bench owner hooks'" >/dev/null
        db=(--db=postgres --db-url=jdbc:postgresql://localhost:5432/keycloak_hooks_bench --db-username=hooks --db-password=hooks)
    else
        rm -rf "$WORK/keycloak-$VERSION/data/h2"
    fi
    "$WORK/keycloak-$VERSION/bin/kc.sh" start-dev --http-port=$KC_PORT --http-management-port=9180 --cache=local \
        --bootstrap-admin-username=admin --bootstrap-admin-password=admin --log-level=warn "${db[@]}" "$@" \
        > "$WORK/keycloak.log" 2>&1 &
    KC_PID=$!
    for _ in $(seq 1 180); do
        curl -sf "$BASE/realms/master" >/dev/null && return 0
        sleep 1
    done
    log "Keycloak did not start; see $WORK/keycloak.log"; exit 1
}

stop_all() {
    [ -n "$KC_PID" ] && kill "$KC_PID" 2>/dev/null && wait "$KC_PID" 2>/dev/null || true
    KC_PID=""
    stop_receiver
}

start_receiver() {
    sed "s:BENCH_DIR:$WORK:g" bench/nginx.conf > "$WORK/nginx.conf"
    mkdir -p "$WORK/nginx-body"
    nginx -c "$WORK/nginx.conf"
}

stop_receiver() {
    [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
    rm -f "$WORK/nginx.pid"
    sleep 0.5
}

# The median of the numbers on standard input, one a line.
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

received() { [ -f "$WORK/received.log" ] && wc -l < "$WORK/received.log" || echo 0; }

distinct_received() { [ -f "$WORK/received.log" ] && sort -u "$WORK/received.log" | wc -l || echo 0; }

admin_token() {
    curl -sf -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin \
        "$BASE/realms/master/protocol/openid-connect/token" | sed 's/.*"access_token":"\([^"]*\)".*/\1/'
}

heap_mb() { # used heap after a full GC, in MiB
    local pid; pid=$(pgrep -f "kc.home.dir=$WORK/keycloak-$VERSION" | head -1)
    "$JAVA_HOME/bin/jcmd" "$pid" GC.run >/dev/null
    "$JAVA_HOME/bin/jcmd" "$pid" GC.heap_info | awk '/used/ {for (i=1;i<=NF;i++) if ($i=="used") {print int($(i+1)/1024); exit}}'
}

machine() {
    echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem/ {print $2}') GiB;" \
         "Keycloak $VERSION start-dev, database $BENCH_DB, Java $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
}

