package dev.tejun.kernel.exec.shell;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The processes of one cell, so that they can all be ended.
 *
 * <p>Why {@code setsid}: Java can only signal processes one at a time, and a process's descendants are found
 * through parent links, which break as soon as a parent exits (a background {@code sleep 100 &} whose shell
 * died belongs to init). Started through {@code setsid}, the cell's shell leads a new session and process
 * group whose id is its own pid, and every child, grandchild and background job stays in that group
 * whatever happens to their parents. One {@code kill -TERM -PGID} then reaches all of them at once, and the
 * group is gone when no live process has that group id. {@code setsid} execs the shell in place (it only
 * forks when its caller already leads a group, which a child of the JVM never does), so the pid Java knows is
 * the group id.
 *
 * <p>Processes that leave the group on purpose (their own {@code setsid}) are still caught while their parent
 * lives, from a snapshot of the descendants taken before the first signal.
 */
public final class ProcessGroup {

    static final Duration GRACE = Duration.ofSeconds(2);
    private static final long POLL_MILLIS = 20;
    private static final Path PROC = Path.of("/proc");

    private final Process process;
    private final boolean ownGroup;

    /**
     * @param ownGroup whether the process was started through {@code setsid} (see the class comment); other
     *                 executors that start processes (ansible, terraform) use it the same way
     */
    public ProcessGroup(Process process, boolean ownGroup) {
        this.process = process;
        this.ownGroup = ownGroup;
    }

    /**
     * SIGTERM to everything, up to {@link #GRACE} for it to go, then SIGKILL to what is left.
     * Blocks until the processes are gone or have been killed.
     *
     * @return true if the calling thread was interrupted meanwhile (the wait was cut short; the caller
     *         should re-set the interrupt flag)
     */
    public boolean kill() {
        List<ProcessHandle> known = new ArrayList<>();
        known.add(process.toHandle());
        process.descendants().forEach(known::add);

        signalAll(known, false);
        boolean interrupted = false;
        long deadline = System.nanoTime() + GRACE.toNanos();
        try {
            while (anyAlive(known) && System.nanoTime() < deadline) {
                signalNewMembers(known);
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (anyAlive(known)) {
            signalAll(known, true);
            interrupted |= awaitGone(known, GRACE);
        }
        return interrupted;
    }

    private void signalAll(List<ProcessHandle> known, boolean force) {
        if (ownGroup) {
            signalGroup(force ? "KILL" : "TERM");
        }
        List<ProcessHandle> targets = new ArrayList<>(known);
        if (ownGroup) {
            // the group signal is atomic; signalling members one by one as well covers a missing kill program
            members().forEach(pid -> ProcessHandle.of(pid).ifPresent(targets::add));
        }
        for (ProcessHandle h : targets) {
            if (force) {
                h.destroyForcibly();
            } else {
                h.destroy();
            }
        }
    }

    /** Processes forked after the first signal (a trap that spawns, a loop) get theirs too. */
    private void signalNewMembers(List<ProcessHandle> known) {
        if (!ownGroup) {
            return;
        }
        Set<Long> seen = new HashSet<>();
        known.forEach(h -> seen.add(h.pid()));
        for (long pid : members()) {
            if (seen.add(pid)) {
                ProcessHandle.of(pid).ifPresent(h -> {
                    known.add(h);
                    h.destroy();
                });
            }
        }
    }

    private boolean anyAlive(List<ProcessHandle> known) {
        if (ownGroup && !members().isEmpty()) {
            return true;
        }
        return known.stream().anyMatch(ProcessGroup::running);
    }

    private boolean awaitGone(List<ProcessHandle> known, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (anyAlive(known) && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            }
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    /**
     * Whether the group id still names our group. It is the shell's pid; the kernel never hands out a pid that
     * is still a live group's id, so while the shell lives, or no process holds its old pid, the id is ours.
     * A new process with that pid means our group has emptied and the number was reused by someone else.
     */
    private boolean groupStillOurs() {
        return process.isAlive() || ProcessHandle.of(process.pid()).isEmpty();
    }

    /** Sent by {@code kill}, because Java has no call that signals a process group. */
    private void signalGroup(String signal) {
        if (!groupStillOurs()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, "--", "-" + process.pid())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!kill.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                kill.destroyForcibly();
            }
        } catch (IOException e) {
            // no kill program: the per-process signals below still reach what we know of
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Live members of the cell's process group, read from /proc. Zombies are left out: they are already dead,
     * and where nothing reaps orphans (a container whose pid 1 is not an init) they never go away.
     */
    private List<Long> members() {
        if (!groupStillOurs()) {
            return List.of();
        }
        long group = process.pid();
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path dir : dirs) {
                String stat;
                try {
                    stat = Files.readString(dir.resolve("stat"));
                } catch (IOException | RuntimeException e) {
                    continue; // exited while we looked
                }
                // pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses, so parse after the last ')'
                int close = stat.lastIndexOf(')');
                if (close < 0) {
                    continue;
                }
                String[] fields = stat.substring(close + 2).split(" ", 4);
                if (fields.length >= 3
                        && !fields[0].equals("Z")
                        && !fields[0].equals("X")
                        && Long.parseLong(fields[2]) == group) {
                    pids.add(Long.parseLong(dir.getFileName().toString()));
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of(); // no /proc: only the handles we hold can be watched
        }
        return pids;
    }

    private static boolean running(ProcessHandle h) {
        if (!h.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(h.pid())).resolve("stat"));
            int close = stat.lastIndexOf(')');
            char state = close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return h.isAlive();
        }
    }
}
