#!/usr/bin/env bash
# Prehook benchmark (issue 5), one command: ./bench/prehooks.sh
#
# Direct-grant logins/s in a realm whose direct grant flow asks one pre_sign_in prehook (Debian's nginx on
# 127.0.0.1:8099 answering 204 = allow) vs the same realm without the hook step, on the same Keycloak, side by
# side: after a warm-up, ROUNDS rounds of ROUND_SECONDS each, alternating AB and BA. Both realms hash passwords
# with one PBKDF2 iteration (hashAlgorithm(pbkdf2-sha256) and hashIterations(1)) so the hook's own cost shows. Reports per round the
# logins/s and wrk's p50 and p99 latency, then the median ratio and the median added p50 and p99.
#
# Needs root on Debian/Ubuntu for the first run (installs wrk and nginx-light), a built jar (runs the build if
# missing), and ports 8180/9180 (Keycloak) and 8099 (nginx) free.
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/common.sh

create_realm() { # create_realm <name> <with-prehook: yes|no>
    local hooks='' flow=''
    if [ "$2" = yes ]; then
        hooks='"attributes": {"hooks.prehook.gate": "{\"trigger\": \"pre_sign_in\", \"url\": \"http://127.0.0.1:8099/pre-sign-in\", \"secret\": \"'"$SECRET"'\", \"timeoutMs\": 2000}"},
        "directGrantFlow": "direct grant with hooks",
        "authenticationFlows": [{"alias": "direct grant with hooks", "providerId": "basic-flow", "topLevel": true, "builtIn": false,
            "authenticationExecutions": [
                {"authenticator": "direct-grant-validate-username", "requirement": "REQUIRED", "priority": 10, "authenticatorFlow": false},
                {"authenticator": "direct-grant-validate-password", "requirement": "REQUIRED", "priority": 20, "authenticatorFlow": false},
                {"authenticator": "hooks-pre-sign-in", "requirement": "REQUIRED", "priority": 40, "authenticatorFlow": false}]}],'
    else
        flow='"directGrantFlow": "direct grant plain",
        "authenticationFlows": [{"alias": "direct grant plain", "providerId": "basic-flow", "topLevel": true, "builtIn": false,
            "authenticationExecutions": [
                {"authenticator": "direct-grant-validate-username", "requirement": "REQUIRED", "priority": 10, "authenticatorFlow": false},
                {"authenticator": "direct-grant-validate-password", "requirement": "REQUIRED", "priority": 20, "authenticatorFlow": false}]}],'
    fi
    curl -sf -X POST -H "Authorization: Bearer $(admin_token)" -H 'Content-Type: application/json' "$BASE/admin/realms" -d '{
        "realm": "'"$1"'", "enabled": true, "passwordPolicy": "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)", '"$hooks$flow"'
        "clients": [{"clientId": "bench", "publicClient": true, "directAccessGrantsEnabled": true, "standardFlowEnabled": false}],
        "users": [{"username": "bench", "enabled": true, "email": "bench@example.com", "emailVerified": true,
                   "firstName": "Bench", "lastName": "User",
                   "credentials": [{"type": "password", "value": "bench-pass", "temporary": false}]}]}'
    # imported passwords keep the default hashing (Keycloak does not rehash them at login): set it again
    local token; token=$(admin_token)
    local id; id=$(curl -sf -H "Authorization: Bearer $token" "$BASE/admin/realms/$1/users?username=bench&exact=true" \
        | sed 's/^\[{"id":"\([^"]*\)".*/\1/')
    curl -sf -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        "$BASE/admin/realms/$1/users/$id/reset-password" -d '{"type": "password", "value": "bench-pass", "temporary": false}'
}

to_ms() { # wrk latency (e.g. 812.00us, 5.12ms, 1.02s) in milliseconds
    echo "$1" | awk '/us$/ {sub("us",""); print $1/1000; next} /ms$/ {sub("ms",""); print $1+0; next} /s$/ {sub("s",""); print $1*1000}'
}

load() { # load <realm> <seconds>: prints "logins/s p50-ms p99-ms non-2xx"
    local out; out=$(wrk -t2 -c"$CONNECTIONS" -d"$2"s --latency -s bench/password.lua \
        "$BASE/realms/$1/protocol/openid-connect/token" 2>&1)
    local rps; rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    local p50; p50=$(to_ms "$(echo "$out" | awk '$1 == "50%" {print $2}')")
    local p99; p99=$(to_ms "$(echo "$out" | awk '$1 == "99%" {print $2}')")
    local non2xx; non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
    echo "$rps $p50 $p99 ${non2xx:-0}"
}

run() {
    log "starting Keycloak"
    rm -f "$WORK/received.log"
    start_keycloak
    start_receiver
    create_realm bench-hooks yes
    create_realm bench-plain no
    log "warm-up ${WARMUP_SECONDS}s each"
    load bench-hooks "$WARMUP_SECONDS" >/dev/null
    load bench-plain "$WARMUP_SECONDS" >/dev/null
    local ratios=() p50s=() p99s=() bad=0
    echo "| round | order | with prehook (logins/s) | without (logins/s) | ratio | p50 with / without (ms) | p99 with / without (ms) |"
    echo "|---|---|---|---|---|---|---|"
    for r in $(seq 1 "$ROUNDS"); do
        local a a50 a99 an b b50 b99 bn order
        if [ $((r % 2)) -eq 1 ]; then
            order=AB
            read -r a a50 a99 an < <(load bench-hooks "$ROUND_SECONDS")
            read -r b b50 b99 bn < <(load bench-plain "$ROUND_SECONDS")
        else
            order=BA
            read -r b b50 b99 bn < <(load bench-plain "$ROUND_SECONDS")
            read -r a a50 a99 an < <(load bench-hooks "$ROUND_SECONDS")
        fi
        bad=$((bad + an + bn))
        ratios+=("$(echo "scale=3; $a / $b" | bc)")
        p50s+=("$(echo "$a50 - $b50" | bc)")
        p99s+=("$(echo "$a99 - $b99" | bc)")
        echo "| $r | $order | $a | $b | ${ratios[-1]} | $a50 / $b50 | $a99 / $b99 |"
    done
    echo
    echo "median ratio (with prehook / without): **$(printf '%s\n' "${ratios[@]}" | median)** (target >= 0.85)"
    echo "median added latency: p50 $(printf '%s\n' "${p50s[@]}" | median) ms, p99 $(printf '%s\n' "${p99s[@]}" | median) ms"
    echo "answers other than 200: $bad; prehook requests received by nginx: $(received)"
    machine
    stop_all
}


trap stop_all EXIT
install_tools
prepare_keycloak
run
