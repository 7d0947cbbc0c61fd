#!/usr/bin/env bash
# Starts the demo: builds the provider jar, installs it into a Keycloak distribution from Maven Central,
# and runs Keycloak (start-dev, H2 file database) at http://localhost:8080 (admin/admin) with the `demo`
# realm imported, beside the demo hook receiver at http://localhost:8090. Ctrl-C stops both.
#   ./demo.sh          start (keeps the demo's data from an earlier run)
#   ./demo.sh --fresh  forget the earlier run's data first
set -euo pipefail
cd "$(dirname "$0")"
source scripts/select-jdk.sh
select_jdk

demo_dir="$PWD/.demo"
kc_version=$(sed -n 's:^ *<keycloak.server.version>\([0-9][^<]*\)</keycloak.server.version>.*:\1:p' pom.xml | head -n 1)
kc_home="$demo_dir/keycloak-$kc_version"

if [ "${1:-}" = "--fresh" ]; then
    echo "Removing the earlier demo's data"
    rm -rf "$kc_home/data"
fi

echo "Building the provider jar"
./mvnw -B -q -DskipTests package

if [ ! -x "$kc_home/bin/kc.sh" ]; then
    echo "Fetching Keycloak $kc_version from Maven Central"
    ./mvnw -B -q dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$kc_version:zip" \
        -DoutputDirectory="$demo_dir"
    (cd "$demo_dir" && jar xf "keycloak-quarkus-dist-$kc_version.zip" && rm "keycloak-quarkus-dist-$kc_version.zip")
    chmod +x "$kc_home"/bin/*.sh
fi

echo "Installing the jar, the themes and the demo realm"
rm -f "$kc_home"/providers/keycloak-hooks-*.jar
cp providers/keycloak-hooks-*.jar "$kc_home/providers/"
cp -R themes/. "$kc_home/themes/"
mkdir -p "$kc_home/data/import"
cp demo/realm/*.json "$kc_home/data/import/"

# The demo realm's webhook (demo/realm/demo-realm.json) and the receiver share these; Keycloak fills the
# ${...} placeholders of the realm file from the environment when it imports it.
export HOOKS_DEMO_RECEIVER_URL="http://localhost:8090"
export HOOKS_DEMO_SECRET="whsec_QWic4rvfEuLnP3dK38rYH0tmRZggmyGuN4Kb+ZsFZS0="

pids=()
stop() {
    trap - INT TERM EXIT
    echo "Stopping the demo"
    kill "${pids[@]}" 2>/dev/null || true
    wait 2>/dev/null || true
}
trap stop INT TERM EXIT

java demo/receiver/DemoReceiver.java &
pids+=($!)

KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    "$kc_home/bin/kc.sh" start-dev --import-realm --features=declarative-ui &
pids+=($!)

echo "Keycloak: http://localhost:8080 (admin/admin); demo realm: http://localhost:8080/realms/demo/account (demo/demo)"
wait -n "${pids[@]}"
