# How the bench scripts build (sourced by them, not run). Always through the project's Maven wrapper (./mvnw: the
# Maven the build is made with, never the machine's mvn), always offline (-o: the dependencies are in ~/.m2 since the
# first build; a benchmark downloads nothing), and only when a source changed since the build it would reuse.
#   bench_build_server                 the server jar and its lib/ (server/target), through the launcher's build
#                                      (./tejun build, which also archives the start-up classes), when a source is
#                                      newer than the launcher's last build
#   bench_build_classpath MODULE GOAL [SCOPE]
#                                      MODULE and the modules it needs built to GOAL (package, or test-compile for
#                                      the test classes), and MODULE's dependency classpath (SCOPE: test, or all
#                                      scopes when none) written to MODULE/target/bench-classpath[-SCOPE].txt, whose
#                                      path it prints; skipped when that file is newer than every source

bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

bench_build_server() {
  # the launcher's stamp, tested as its build_if_needed does, so that nothing runs when nothing changed; the
  # wrapper the launcher runs reads MAVEN_ARGS (Maven 3.9+)
  if bench_stale "$bench_root/server/target/.tejun-built"; then
    MAVEN_ARGS="-o ${MAVEN_ARGS:-}" "$bench_root/tejun" build
  fi
}

# Whether FILE is missing or older than a source of the build (Java, POM, resources; bench/ itself not).
bench_stale() {
  [ ! -f "$1" ] && return 0
  [ -n "$(find "$bench_root" \( -path "$bench_root/.git" -o -path '*/target' -o -path "$bench_root/.tejun" \
        -o -path "$bench_root/bench" \) -prune -o \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/*/resources/*' \) \
        -newer "$1" -print -quit)" ]
}

bench_build_classpath() {
  local module="$1" goal="$2" scope="${3:-}"
  local name="bench-classpath${scope:+-$scope}.txt"
  local file="$bench_root/$module/target/$name"
  if bench_stale "$file"; then
    (cd "$bench_root" && ./mvnw -q -B -o -pl "$module" -am -DskipTests "$goal" dependency:build-classpath \
      -Dmdep.outputFile="target/$name" ${scope:+-Dmdep.includeScope="$scope"}) >&2
  fi
  echo "$file"
}

# A PostgreSQL of Debian's package on loopback for the bench (run as root; the server runs as postgres, trust
# authentication, fsync on): exports TEJUN_BENCH_POSTGRES (a jdbc:postgresql://127.0.0.1:PORT/ prefix a database
# name completes) and stops and removes it when the script exits. $1: max_connections (default 100).
# BENCH_PG_CONF: more server settings ("-c log_statement=all"); BENCH_PG_LOG: a file its log is copied to at exit.
bench_start_postgres() {
  local bin port
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  bench_pgdir="$(mktemp -d /tmp/tejun-bench-pg.XXXXXX)"
  bench_pgbin="$bin"
  chown postgres: "$bench_pgdir"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  bench_as_pg "$bin/initdb" -D "$bench_pgdir/data" -U postgres -A trust -E UTF8 --locale=C >/dev/null
  bench_as_pg "$bin/pg_ctl" -D "$bench_pgdir/data" -l "$bench_pgdir/log" -w \
    -o "-p $port -k $bench_pgdir -c listen_addresses=127.0.0.1 -c max_connections=${1:-100} ${BENCH_PG_CONF:-}" \
    start >/dev/null
  trap 'bench_as_pg "$bench_pgbin/pg_ctl" -D "$bench_pgdir/data" -m fast stop >/dev/null;
    [ -z "${BENCH_PG_LOG:-}" ] || cp "$bench_pgdir/log" "$BENCH_PG_LOG"; rm -rf "$bench_pgdir"' EXIT
  export TEJUN_BENCH_POSTGRES="jdbc:postgresql://127.0.0.1:$port/"
}

bench_as_pg() { setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"; }
