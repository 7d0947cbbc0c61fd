#!/bin/sh
# The Java launcher the compat-* integration test executions hand to Keycloak's kc.sh (through its JAVA
# variable). Keycloak's test framework 26.7 always passes --shutdown-delay and --shutdown-timeout, options that
# Keycloak 26.4 and 26.5 do not know and refuse to start with; this drops them and runs the JDK's java with the
# rest, unchanged. See docs/testing.md#version-compatibility.
for arg do
    shift
    case "$arg" in
        --shutdown-delay=*|--shutdown-timeout=*) ;;
        *) set -- "$@" "$arg" ;;
    esac
done
if [ -n "$JAVA_HOME" ]; then
    exec "$JAVA_HOME/bin/java" "$@"
fi
exec java "$@"
