package dev.tejun.kernel.exec.sandbox;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one process of a server that every session's {@link Zygote} is forked from: {@code sandbox/zygote.py} run as
 * {@code forker}, outside every sandbox, as the server's user, its script loaded once. A session's sandbox is set up
 * by bubblewrap as before, around a holder process that only waits; the forker forks a child that joins that
 * sandbox's namespaces and forks the zygote into them, which drops to the cell user with no capabilities and
 * no-new-privs and checks that it kept none. A zygote so costs a fork of a Python process that has started already,
 * not a Python start of its own (~10 ms of CPU of the ~15 a zygote cost; bench/NOTES.md, fifteenth round).
 *
 * <p>Java cannot pass file descriptors, so the zygote's channel is two FIFOs the forker makes in a folder only the
 * server's user can enter (outside the sandbox, where the zygote opens them before it joins it), which the server
 * opens and removes. The forker takes requests and answers in the zygote's frames (see the script's forker part).
 */
final class ZygoteForker {

    private static final Map<Path, ZygoteForker> RUNNING = new ConcurrentHashMap<>();
    /** How long the forker may take to start. */
    private static final Duration START = Duration.ofSeconds(30);

    private final Process process;
    private final DataOutputStream control;
    private final Path fifos;
    private final Map<Integer, CompletableFuture<Void>> forks = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile String ended;

    /** The zygote's end of its channel, seen from the server: what it writes, and where its frames go. */
    record Channel(InputStream frames, OutputStream control) {}

    private ZygoteForker(Process process, Path fifos) {
        this.process = process;
        this.fifos = fifos;
        this.control = new DataOutputStream(process.getOutputStream());
        Thread.ofPlatform().daemon().name("tejun-zygote-forker").start(this::read);
    }

    /**
     * The forker of {@code python}, started on first use, or again when the last one ended.
     *
     * @throws IOException when it cannot start; the message says why
     */
    static ZygoteForker of(Path python) throws IOException {
        ZygoteForker running = RUNNING.get(python);
        if (running != null && running.ended == null) {
            return running;
        }
        synchronized (RUNNING) {
            running = RUNNING.get(python);
            if (running == null || running.ended != null) {
                running = start(python);
                RUNNING.put(python, running);
            }
            return running;
        }
    }

    private static ZygoteForker start(Path python) throws IOException {
        Path fifos = Files.createTempDirectory("tejun-zygotes-"); // 0700: the server's user alone
        fifos.toFile().deleteOnExit();
        List<String> command = new ArrayList<>(ZygoteScript.command(python));
        command.add("forker");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().clear();
        ZygoteForker forker = new ZygoteForker(Spawner.start(builder), fifos);
        try {
            synchronized (forker.control) {
                forker.control.write(ZygoteScript.forPython(python));
                forker.control.flush();
            }
            forker.ready.get(START.toMillis(), TimeUnit.MILLISECONDS);
            return forker;
        } catch (IOException | ExecutionException | TimeoutException e) {
            forker.process.destroyForcibly();
            throw new IOException("the zygote forker did not start: "
                    + (e instanceof ExecutionException ? e.getCause().getMessage() : e.toString()));
        } catch (InterruptedException e) {
            forker.process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the zygote forker started");
        }
    }

    /**
     * Starts the holder {@code holder} describes (the sandbox around a command that prints a line once it runs, and
     * then waits for its stdin to end), waits for that line, forks a zygote into its sandbox (as {@code user}, with
     * {@code env}) and waits until the zygote says it is ready.
     *
     * @throws IOException when it cannot start or is not ready within {@code within}; the message says why
     */
    Zygote zygote(
            ProcessBuilder holder,
            CellUser user,
            Map<String, String> env,
            Path workFolder,
            List<Path> readOnly,
            Duration within)
            throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        Process process = Spawner.start(holder);
        Channel channel;
        try {
            awaitSetUp(process, within);
            channel = fork(process.pid(), workFolder, user, env, left(deadline));
            // the zygote holds the holder's stdin now: the holder (and the sandbox with it) ends when the zygote does
            process.getOutputStream().close();
        } catch (IOException e) {
            process.destroyForcibly();
            throw e;
        }
        return Zygote.forked(process, channel.frames(), channel.control(), workFolder, readOnly, left(deadline));
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /**
     * Waits for the holder's line: its sandbox is set up. Read on a platform thread: a virtual thread blocked in a
     * pipe read makes the scheduler add a carrier, and 100 sessions opened at once left ~70 carriers behind for the
     * cells after them (bench/NOTES.md, fifteenth round).
     */
    private static void awaitSetUp(Process holder, Duration within) throws IOException {
        CompletableFuture<Boolean> setUp = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("tejun-zygote-holder").start(() -> {
            try {
                InputStream line = holder.getInputStream();
                int c;
                do {
                    c = line.read();
                } while (c >= 0 && c != '\n');
                setUp.complete(c >= 0);
            } catch (IOException e) {
                setUp.complete(false);
            }
        });
        try {
            if (setUp.get(within.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            // what bubblewrap said: it has exited, or is about to (its output is closed)
            String why = holder.waitFor(2, TimeUnit.SECONDS)
                    ? new String(holder.getErrorStream().readNBytes(4000), StandardCharsets.UTF_8).strip()
                    : "";
            throw new IOException("not set up" + (why.isEmpty() ? "" : ": " + why));
        } catch (TimeoutException e) {
            throw new IOException("not set up within " + within.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the session's sandbox started");
        }
    }

    /**
     * A zygote forked into the sandbox of {@code holder} (bubblewrap, started by the server, whose sandbox is set up:
     * its command has run), as {@code user} (null: unchanged) in {@code work} with {@code env}: its channel, once it
     * serves (it has not said it is ready yet).
     *
     * @throws IOException when it could not be forked within {@code within}; the message says why
     */
    Channel fork(long holder, Path work, CellUser user, Map<String, String> env, Duration within) throws IOException {
        int id = ids.incrementAndGet();
        Path in = fifos.resolve(id + ".in");
        Path out = fifos.resolve(id + ".out");
        CompletableFuture<Void> forked = new CompletableFuture<>();
        forks.put(id, forked);
        try {
            ByteArrayOutputStream payload = new ByteArrayOutputStream(512);
            DataOutputStream items = new DataOutputStream(payload);
            for (String item : new String[] {
                Long.toString(holder),
                work.toString(),
                in.toString(),
                out.toString(),
                user == null ? "" : Integer.toString(user.uid()),
                user == null ? "" : Integer.toString(user.gid())
            }) {
                Zygote.item(items, item);
            }
            for (Map.Entry<String, String> e : env.entrySet()) {
                Zygote.item(items, e.getKey() + "=" + e.getValue());
            }
            send(id, payload.toByteArray());
            forked.get(within.toMillis(), TimeUnit.MILLISECONDS);
            // Opening a FIFO waits for its other end unless opened read-write; the zygote's output is opened read-only
            // (its end must reach this reader), after a read-write open that makes this one not wait, should the
            // zygote have ended already: its reader then sees the end at once.
            RandomAccessFile control = new RandomAccessFile(in.toFile(), "rw");
            try (RandomAccessFile unblock = new RandomAccessFile(out.toFile(), "rw")) {
                // buffered, as a process's stdin is: a frame goes in one write, so the zygote wakes once for it
                return new Channel(
                        new FileInputStream(out.toFile()),
                        new BufferedOutputStream(new FileOutputStream(control.getFD()) {
                            @Override
                            public void close() throws IOException {
                                control.close();
                            }
                        }));
            } catch (IOException | RuntimeException e) {
                control.close();
                throw e;
            }
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new IOException("not forked within " + within.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the session's sandbox started");
        } finally {
            forks.remove(id);
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
        }
    }

    private void send(int id, byte[] payload) throws IOException {
        String gone = ended;
        if (gone != null) {
            throw new IOException("the zygote forker ended: " + gone);
        }
        synchronized (control) {
            control.writeByte('S');
            control.writeInt(id);
            control.writeInt(payload.length);
            control.write(payload);
            control.flush();
        }
    }

    private void read() {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(process.getInputStream()))) {
            while (true) {
                int kind = in.readUnsignedByte();
                int id = in.readInt();
                String text = new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
                CompletableFuture<Void> fork = id == 0 ? ready : forks.get(id);
                if (fork == null) {
                    continue; // given up on: its zygote is closed with its sandbox
                }
                if (kind == 'Z') {
                    fork.complete(null);
                } else {
                    fork.completeExceptionally(new IOException(text));
                }
            }
        } catch (IOException e) {
            ended = process.isAlive() ? "its output could not be read: " + e.getMessage() : "it exited";
        } finally {
            if (ended == null) {
                ended = "it closed its output";
            }
            process.destroyForcibly();
            IOException gone = new IOException("the zygote forker ended: " + ended);
            ready.completeExceptionally(gone);
            forks.values().forEach(f -> f.completeExceptionally(gone));
        }
    }
}
