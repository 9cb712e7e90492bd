# Memory options for the Tejun JVM, sourced by both launchers (./tejun in a checkout, bin/tejun in a release).
#   memory_opts COMMAND HEAP    prints the heap options for that command (HEAP as TEJUN_HEAP: 512m, 1g)
#
# A server (`serve`) takes its start-up heap (TEJUN_START_HEAP, default 256m) at start and touches it
# (-XX:+AlwaysPreTouch), with a young generation of a quarter of it. A run's objects live about as long as the run;
# kept event tails and run summaries live longer and die in the old generation. Left to grow from a small heap,
# Serial GC widens the old generation whenever a promotion does not fit, up to the heap limit, before it ever
# collects it in full (bench/NOTES.md, "Soak: a flat RSS"): RSS crept up for many minutes, which reads as a leak.
# With the start-up heap touched at once, RSS after the first minute grows only if the live data does.
# The price is RSS from the first second (~400 MB with 256m). TEJUN_START_HEAP=32m gives the small start of a
# laptop or a test server (~150 MB idle) whose RSS grows under load towards the heap limit instead.
# Other commands (the CLI) start small. Without a heap limit the JVM takes a quarter of the machine's memory, hence
# -Xmx always.
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
  local command="$1" heap="$2" start="${TEJUN_START_HEAP:-256m}"
  local mb start_mb
  mb="$(megabytes "$heap")"
  start_mb="$(megabytes "$start")"
  if [ "$command" = serve ] && [ "$start_mb" -ge 128 ] && [ "$mb" -ge "$start_mb" ]; then
    echo "-Xmx$heap -Xms${start_mb}m -Xmn$(( start_mb / 4 ))m -XX:+AlwaysPreTouch"
  else
    echo "-Xmx$heap"
  fi
}

# glibc gives each thread that mallocs under contention an arena of its own (up to 8 per core), and their free
# space is rarely given back; two arenas are enough for a JVM, whose objects are not malloc'd.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
