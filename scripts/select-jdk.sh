# Sourced by .ci/run and demo.sh: points JAVA_HOME and PATH at the newest JDK >= 21 it can find
# (JAVA_HOME first, then /usr/lib/jvm/*), or stops with a message that says what is missing.

java_major() { # prints the feature version of the JDK at $1, or nothing
    [ -x "$1/bin/javac" ] && [ -f "$1/release" ] || return 0
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
}

select_jdk() {
    local candidate major best="" best_major=0
    for candidate in ${JAVA_HOME:-} /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
        [ -d "$candidate" ] || continue
        major=$(java_major "$candidate")
        if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
            best="$candidate"; best_major="$major"
        fi
    done
    if [ -z "$best" ]; then
        echo "No JDK 21 or newer found (looked at JAVA_HOME and /usr/lib/jvm/*). Keycloak 26 needs Java 21+:" \
             "install one (e.g. 'apt-get install openjdk-21-jdk-headless' or a Temurin 21+ JDK) and try again." >&2
        return 1
    fi
    export JAVA_HOME="$best"
    export PATH="$JAVA_HOME/bin:$PATH"
    echo "Using JDK $best_major at $JAVA_HOME"
}
