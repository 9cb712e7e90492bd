# Memory options for the Tejun JVM, sourced by both launchers (./tejun in a checkout, bin/tejun in a release).
#   memory_opts COMMAND HEAP    prints the heap options for that command (HEAP as TEJUN_HEAP: 512m, 1g)
#
# A server (`serve`) takes its first 256 MB of heap at start and touches it (-XX:+AlwaysPreTouch), with a young
# generation fixed at 64 MB. A run's objects live about as long as the run; kept event tails and run summaries
# live longer and die in the old generation. Left to grow from -Xms32m, the heap counted in RSS crept up for many
# minutes as the old generation was first used (bench/NOTES.md, "Soak: a flat RSS"), which reads as a leak. With
# the start-up size touched at once, RSS after the first minute grows only if the live data does. Other commands
# (the CLI) start small. Without a heap limit the JVM takes a quarter of the machine's memory, hence -Xmx always.
memory_opts() {
  local command="$1" heap="$2" mb=0
  if [[ "$heap" =~ ^([0-9]+)[gG]$ ]]; then
    mb=$(( BASH_REMATCH[1] * 1024 ))
  elif [[ "$heap" =~ ^([0-9]+)[mM]$ ]]; then
    mb=${BASH_REMATCH[1]}
  fi
  if [ "$command" = serve ] && [ "$mb" -ge 256 ]; then
    echo "-Xmx$heap -Xms256m -Xmn64m -XX:+AlwaysPreTouch"
  else
    echo "-Xmx$heap"
  fi
}

# glibc gives each thread that mallocs under contention an arena of its own (up to 8 per core), and their free
# space is rarely given back; two arenas are enough for a JVM, whose objects are not malloc'd.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
