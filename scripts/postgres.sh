# Optional, by hand: makes sure the machine's own PostgreSQL server runs on localhost:5432 and has the databases
# the PostgreSQL integration tests use, for `./mvnw verify -Dhooks.pg.server=jdbc:postgresql://localhost:5432`
# (without that option the build starts a PostgreSQL of its own and needs none of this; docs/testing.md).
# Needs root and Debian/Ubuntu's postgresql package (installed here when missing).

HOOKS_PG_DB=keycloak_hooks_test
HOOKS_PG_CRASH_DB=keycloak_hooks_crash
HOOKS_PG_CLUSTER_DB=keycloak_hooks_cluster
HOOKS_PG_USER=hooks
HOOKS_PG_PASSWORD=hooks

postgres_server_installed() {
    ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1
}

ensure_postgres() {
    if ! postgres_server_installed; then
        if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
            echo "[postgres] the PostgreSQL server is missing and cannot be installed here (needs root and apt-get)." >&2
            return 1
        fi
        echo "[postgres] installing postgresql"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    fi
    local version cluster
    version=$(ls /usr/lib/postgresql | sort -V | tail -1)
    cluster=$(pg_lsclusters -h 2>/dev/null | awk -v v="$version" '$1 == v {print $2; exit}')
    if [ -z "$cluster" ]; then
        pg_createcluster "$version" main >/dev/null
        cluster=main
    fi
    if ! pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c {print $4}' | grep -q online; then
        echo "[postgres] starting cluster $version/$cluster"
        pg_ctlcluster "$version" "$cluster" start
    fi
    for _ in $(seq 1 30); do
        su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1 && break
        sleep 1
    done
    su postgres -c "psql -qtAc \"select 1 from pg_roles where rolname = '$HOOKS_PG_USER'\"" | grep -q 1 \
        || su postgres -c "psql -qc \"create role $HOOKS_PG_USER login password '$HOOKS_PG_PASSWORD'\""
    local db
    for db in "$HOOKS_PG_DB" "$HOOKS_PG_CRASH_DB" "$HOOKS_PG_CLUSTER_DB"; do
        su postgres -c "psql -qtAc \"select 1 from pg_database where datname = '$db'\"" | grep -q 1 \
            || su postgres -c "psql -qc \"create database $db owner $HOOKS_PG_USER\""
    done
    echo "[postgres] ready: postgresql://localhost:5432/$HOOKS_PG_DB , /$HOOKS_PG_CRASH_DB and /$HOOKS_PG_CLUSTER_DB (user $HOOKS_PG_USER)"
}
