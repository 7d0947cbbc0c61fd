#!/usr/bin/env bash
# Webhook benchmarks (issue 4), one command: ./bench/webhooks.sh [overhead|backlog|all]
#
# overhead: client_credentials tokens/s in a realm whose one webhook subscribes to "*" (each token emits a
#           CLIENT_LOGIN event, so one outbox message) vs a realm without hooks, on the same Keycloak, side by
#           side: after a warm-up, ROUNDS rounds of ROUND_SECONDS each, alternating AB and BA. Reports the
#           median ratio, the drain lag after each hooks round, and whether every message arrived: requests and
#           distinct webhook-ids the receiver got, and whether the outbox still holds pending or failed messages.
#           For scale, a third realm stores the same CLIENT_LOGIN events in Keycloak's own event store (one row in
#           the token request's transaction), measured in the same rounds against the same plain realm
#           (EVENT_STORE=no leaves it out): rounds run hooks, plain, event store, then the other way round.
#           WEBHOOK_FORMAT=cloudevents (or frontegg, hellojohn) measures the webhook in that format.
# backlog:  BACKLOG messages accumulated while the receiver is down, then drained: deliveries/s, and
#           Keycloak's heap (after a full GC) before the backlog, with it, and after the drain.
#
# Needs root on Debian/Ubuntu for the first run (installs wrk and nginx-light), a built jar (runs the build if
# missing), and port 8180/9180 (Keycloak) and 8099 (nginx) free. BENCH_DB=postgres uses the PostgreSQL that
# scripts/postgres.sh prepares (database keycloak_hooks_bench) instead of H2.
set -euo pipefail
cd "$(dirname "$0")/.."

MODE="${1:-all}"
BACKLOG="${BACKLOG:-50000}"
# Much longer than the other benchmarks: Keycloak's token throughput keeps rising for minutes of load (the JIT
# compiler; about three minutes per realm on a fast moment of the 2-core machine, longer on a slow one), and rounds
# measured before that compare a realm whose extra code is still being compiled. More rounds make the median
# steadier on a machine whose speed drifts.
WARMUP_SECONDS="${WARMUP_SECONDS:-420}"
ROUNDS="${ROUNDS:-10}"
EVENT_STORE="${EVENT_STORE:-yes}"
WEBHOOK_FORMAT="${WEBHOOK_FORMAT:-standard}" # the webhook's `format`: standard, cloudevents, frontegg, hellojohn
source bench/common.sh

create_realm() { # create_realm <name> <with-webhook: yes|no> [events: store CLIENT_LOGIN in Keycloak's event store]
    local token; token=$(admin_token)
    local events=""
    [ "${3:-}" = events ] && events='"eventsEnabled": true, "enabledEventTypes": ["CLIENT_LOGIN"],'
    curl -sf -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$BASE/admin/realms" -d '{
        "realm": "'"$1"'", "enabled": true, '"$events"'
        "clients": [{"clientId": "bench", "secret": "bench-secret", "publicClient": false,
                     "serviceAccountsEnabled": true, "standardFlowEnabled": false}]}'
    if [ "$2" = yes ]; then
        curl -sf -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
            "$BASE/admin/realms/$1/hooks/webhooks" \
            -d '{"id": "all", "url": "http://127.0.0.1:8099/hook", "events": ["*"], "secret": "'"$SECRET"'",
                 "format": "'"$WEBHOOK_FORMAT"'"}' >/dev/null
    fi
}

load() { # load <realm> <seconds>: prints tokens/s and adds the issued tokens to $ISSUED_<realm>
    local out; out=$(wrk -t2 -c"$CONNECTIONS" -d"$2"s -s bench/token.lua \
        "$BASE/realms/$1/protocol/openid-connect/token" 2>&1)
    local rps; rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    local non2xx; non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}'); non2xx=${non2xx:-0}
    local total; total=$(echo "$out" | awk '/requests in/ {print $1}')
    echo "$rps $((total - non2xx))"
}

await_received() { # await_received <count> <timeout seconds>: prints seconds waited, or "timeout"
    local start; start=$(date +%s.%N)
    local deadline=$(( $(date +%s) + $2 ))
    while [ "$(received)" -lt "$1" ]; do
        [ "$(date +%s)" -ge "$deadline" ] && { echo timeout; return; }
        sleep 0.05
    done
    echo "$(date +%s.%N) - $start" | bc
}

outbox_left() { # outbox_left <status>: "none" if the webhook's delivery log has no message in that status (waiting
                # up to 10 s for the last requests' messages), "some" and the newest such message, or "unknown"
    local token answer=""; token=$(admin_token)
    for _ in $(seq 1 20); do
        answer=$(curl -sf -H "Authorization: Bearer $token" \
            "$BASE/admin/realms/bench-hooks/hooks/webhooks/all/deliveries?status=$1&max=1") || answer=""
        [ "$answer" = "[]" ] && { echo none; return; }
        sleep 0.5
    done
    [ -n "$answer" ] && echo "some ($answer)" || echo "unknown (the delivery log could not be read)"
}

overhead() {
    log "overhead: starting Keycloak"
    rm -f "$WORK/received.log"
    start_keycloak
    start_receiver
    create_realm bench-hooks yes
    create_realm bench-plain no
    [ "$EVENT_STORE" = yes ] && create_realm bench-events no events
    log "warm-up ${WARMUP_SECONDS}s each"
    local issued=0 rps n
    read -r rps n < <(load bench-hooks "$WARMUP_SECONDS"); issued=$((issued + n))
    load bench-plain "$WARMUP_SECONDS" >/dev/null
    [ "$EVENT_STORE" = yes ] && load bench-events "$WARMUP_SECONDS" >/dev/null
    await_received "$issued" 120 >/dev/null
    local ratios=() store_ratios=()
    echo "| round | order | with webhook (tokens/s) | without (tokens/s) | ratio | drain lag (s) | event store (tokens/s) | event store ratio |"
    echo "|---|---|---|---|---|---|---|---|"
    for r in $(seq 1 "$ROUNDS"); do
        local a b c=- lag order
        if [ $((r % 2)) -eq 1 ]; then
            order=AB
            read -r a n < <(load bench-hooks "$ROUND_SECONDS"); issued=$((issued + n))
            lag=$(await_received "$issued" 120)
            read -r b _ < <(load bench-plain "$ROUND_SECONDS")
            [ "$EVENT_STORE" = yes ] && read -r c _ < <(load bench-events "$ROUND_SECONDS")
        else
            order=BA
            [ "$EVENT_STORE" = yes ] && read -r c _ < <(load bench-events "$ROUND_SECONDS")
            read -r b _ < <(load bench-plain "$ROUND_SECONDS")
            read -r a n < <(load bench-hooks "$ROUND_SECONDS"); issued=$((issued + n))
            lag=$(await_received "$issued" 120)
        fi
        local ratio; ratio=$(echo "scale=3; $a / $b" | bc)
        local store_ratio=-
        [ "$c" != - ] && store_ratio=$(echo "scale=3; $c / $b" | bc) && store_ratios+=("$store_ratio")
        ratios+=("$ratio")
        echo "| $r | $order | $a | $b | $ratio | $lag | $c | $store_ratio |"
    done
    echo
    echo "webhook format: $WEBHOOK_FORMAT"
    echo "median ratio (with webhook / without): **$(printf '%s\n' "${ratios[@]}" | median)** (target >= 0.85)"
    [ "$EVENT_STORE" = yes ] && echo "median ratio of Keycloak's own event store storing the same events (event store / without):" \
        "**$(printf '%s\n' "${store_ratios[@]}" | median)**"
    echo "messages: $issued tokens issued in the webhook realm; the receiver got $(received) requests carrying" \
         "$(distinct_received) distinct webhook-ids; left in the outbox: $(outbox_left pending) pending," \
         "$(outbox_left failed) failed"
    machine
    stop_all
}

backlog() {
    log "backlog: starting Keycloak (receiver down; failed attempts retry every 2 s)"
    rm -f "$WORK/received.log"
    start_keycloak --spi-hooks--default--retry-schedule="$(printf '2s,%.0s' $(seq 1 40))2s"
    create_realm bench-hooks yes
    local before; before=$(heap_mb)
    local issued=0 n
    log "issuing $BACKLOG tokens with the receiver down"
    while [ "$issued" -lt "$BACKLOG" ]; do
        read -r _ n < <(load bench-hooks 5); issued=$((issued + n))
    done
    local with; with=$(heap_mb)
    log "$issued messages pending; starting the receiver"
    start_receiver
    local drain; drain=$(await_received "$issued" 600)
    local after; after=$(heap_mb)
    echo "| backlog | drain time (s) | deliveries/s | heap before (MiB) | heap with backlog (MiB) | heap after drain (MiB) |"
    echo "|---|---|---|---|---|---|"
    if [ "$drain" = timeout ]; then
        echo "| $issued | timeout ($(received) received) | - | $before | $with | $after |"
    else
        echo "| $issued | $drain | $(echo "scale=0; $issued / $drain" | bc) | $before | $with | $after |"
    fi
    echo "(the drain starts within one 2 s retry step of the receiver coming back; that step is included)"
    machine
    stop_all
}

trap stop_all EXIT
install_tools
prepare_keycloak
case "$MODE" in
    overhead) overhead ;;
    backlog) backlog ;;
    all) overhead; echo; backlog ;;
    *) echo "usage: $0 [overhead|backlog|all]" >&2; exit 2 ;;
esac
