# Memory options for the Tejun JVM, sourced by both launchers (./tejun in a checkout, bin/tejun in a release).
#   memory_opts COMMAND [HEAP]   prints the heap options for that command (HEAP as TEJUN_HEAP: 512m, 1g; empty for
#                                the command's default: 512m for `serve`, 1g for the CLI)
#
# A server (`serve`) takes its whole heap at start and touches it (-Xms = -Xmx, -XX:+AlwaysPreTouch), with a young
# generation of a quarter of it, so its RSS is flat under load by construction: only native memory could move.
# Serial GC widens the old generation for every promotion that does not fit, up to the heap limit, before it ever
# collects it in full (bench/NOTES.md, "Soak and idle RSS reconciled"); a heap grown on demand therefore grew for
# minutes under load, which reads as a leak, and a partly touched one grows again once its old generation fills.
# TEJUN_START_HEAP sets a smaller start: below 128m none (the small start of a laptop or a test server, ~150 MB idle,
# whose RSS grows under load towards the limit), else that much touched at start.
# The CLI starts small. Without a heap limit the JVM takes a quarter of the machine's memory, hence -Xmx always.
megabytes() {
  if [[ "$1" =~ ^([0-9]+)[gG]$ ]]; then
    echo $(( BASH_REMATCH[1] * 1024 ))
  elif [[ "$1" =~ ^([0-9]+)[mM]$ ]]; then
    echo "${BASH_REMATCH[1]}"
  else
    echo 0
  fi
}

memory_opts() {
  local command="$1" heap="${2:-}"
  if [ "$command" != serve ]; then
    echo "-Xmx${heap:-1g}"
    return
  fi
  heap="${heap:-512m}"
  local mb start_mb
  mb="$(megabytes "$heap")"
  start_mb="$(megabytes "${TEJUN_START_HEAP:-$heap}")"
  if [ "$start_mb" -lt 128 ] || [ "$mb" -lt 128 ]; then
    echo "-Xmx$heap"
  else
    [ "$start_mb" -le "$mb" ] || start_mb="$mb"
    echo "-Xmx$heap -Xms${start_mb}m -Xmn$(( start_mb / 4 ))m -XX:+AlwaysPreTouch"
  fi
}

# glibc gives each thread that mallocs under contention an arena of its own (up to 8 per core), and their free
# space is rarely given back; two arenas are enough for a JVM, whose objects are not malloc'd.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
