package dev.tejun.kernel.exec.sandbox;

import dev.tejun.kernel.event.Stream;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One notebook session's long-lived sandbox: a small Python program ({@code sandbox/zygote.py}) started once under
 * bubblewrap as the cell user, which forks each shell cell inside the same namespaces, so that a cell costs a fork
 * and an exec instead of a namespace set-up (~5 ms of every cell).
 *
 * <p>Java cannot pass file descriptors, so everything travels over the zygote's own stdin and stdout, which only
 * this object holds: a request per cell (working folder, script, shell, environment), a stop, and back the
 * cell's output, its start and its exit status, in frames (see the script's header). Nothing of it lies in a
 * folder a cell can see, and the zygote makes itself non-dumpable, so a cell (the same user) cannot open its
 * descriptors through /proc nor trace it. Each cell runs under a monitor process that every process the cell
 * starts stays under; when the cell's shell exits, or a stop arrives, the monitor ends them all, as a PID
 * namespace of the cell's own did. A monitor with nothing left under it runs the session's next cell, so a cell
 * costs the spawn of its shell and no fork of the zygote.
 */
public final class Zygote implements AutoCloseable {

    private static final int MERGED = 64 * 1024;

    /** The zygote's own process, or the holder of the sandbox it was forked into: the sandbox ends with it. */
    private final Process process;
    /** Where the zygote's frames come from: its stdout, or its FIFO. */
    private final InputStream frames;
    /** Forked: the holder does not end when the zygote does, so the end of the frames ends the sandbox. */
    private final boolean forked;

    private final Path workFolder;
    private final List<Path> readOnly;
    private final DataOutputStream control;
    private final Map<Integer, Cell> cells = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final StringBuffer errors = new StringBuffer();
    private final Thread reader;
    private volatile String ended;

    private Zygote(Process process, Path workFolder, List<Path> readOnly) {
        this(process, process.getInputStream(), process.getOutputStream(), false, workFolder, readOnly);
    }

    private Zygote(
            Process process,
            InputStream frames,
            OutputStream control,
            boolean forked,
            Path workFolder,
            List<Path> readOnly) {
        this.process = process;
        this.frames = frames;
        this.forked = forked;
        this.workFolder = workFolder;
        this.readOnly = List.copyOf(readOnly);
        this.control = new DataOutputStream(control);
        // Platform threads: a read of a pipe blocks its carrier, and a session's zygote waits on its pipes for as long
        // as the session lives; as virtual threads, a few idle sessions held every carrier and starved the rest
        this.reader = Thread.ofPlatform().daemon().name("tejun-zygote").start(this::read);
        Thread.ofPlatform().daemon().name("tejun-zygote-err").start(this::readErrors);
    }

    /**
     * Starts the process {@code builder} describes (the sandbox around {@link ZygoteScript#command}), sends it
     * {@code script} ({@link ZygoteScript#forPython}) and waits until it says it is ready.
     *
     * @throws IOException when it cannot start or is not ready within {@code within}; the message says why
     */
    static Zygote start(ProcessBuilder builder, byte[] script, Path workFolder, List<Path> readOnly, Duration within)
            throws IOException {
        Zygote zygote = new Zygote(Spawner.start(builder), workFolder, readOnly);
        try {
            synchronized (zygote.control) {
                zygote.control.write(script);
                zygote.control.flush();
            }
        } catch (IOException e) {
            zygote.close();
            throw new IOException("its script could not be sent: " + e.getMessage() + " " + zygote.errors, e);
        }
        return zygote.awaitReady(within);
    }

    /**
     * The zygote {@link ZygoteForker} forked into the sandbox of {@code holder}, over its channel, once it says it is
     * ready: the holder ends when the zygote's frames do, and the sandbox with it.
     *
     * @throws IOException when it is not ready within {@code within}; the message says why
     */
    static Zygote forked(
            Process holder,
            InputStream frames,
            OutputStream control,
            Path workFolder,
            List<Path> readOnly,
            Duration within)
            throws IOException {
        return new Zygote(holder, frames, control, true, workFolder, readOnly).awaitReady(within);
    }

    private Zygote awaitReady(Duration within) throws IOException {
        try {
            ready.get(within.toMillis(), TimeUnit.MILLISECONDS);
            return this;
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the session's sandbox started");
        } catch (ExecutionException | TimeoutException e) {
            close();
            String why = errors.toString().strip();
            throw new IOException((e instanceof TimeoutException
                            ? "not ready within " + within.toSeconds() + " s"
                            : e.getCause().getMessage())
                    + (why.isEmpty() ? "" : ": " + why));
        }
    }

    /** The work folder bound into this sandbox; a cell of another folder cannot run here. */
    public Path workFolder() {
        return workFolder;
    }

    /** The folders bound read-only into this sandbox (a runbook's folder); a cell of another one cannot run here. */
    public List<Path> readOnly() {
        return readOnly;
    }

    /** Why the zygote is gone, or null while it serves. */
    public String ended() {
        return ended != null ? ended : process.isAlive() ? null : "its process exited (" + process.exitValue() + ")";
    }

    /** How many cells are running in it now. */
    public int running() {
        return cells.size();
    }

    /**
     * Where a cell's output goes: the executor's output, seen from here without the executor API (which points at
     * this package for the sandbox, so this package must not point back).
     */
    @FunctionalInterface
    public interface Sink {
        void write(Stream stream, byte[] data, int offset, int length);
    }

    /**
     * What a cell's fd 1 and fd 2 are: one pipe for both (the order in which they were written is kept exactly; all
     * of it arrives as stdout), a pipe each (told apart, but two pipes read as they become ready cannot keep the
     * order between them), or one pseudo-terminal (for programs that colour or prompt only on a terminal).
     */
    public enum Streams {
        MERGED,
        SEPARATE,
        PTY
    }

    /**
     * Starts a cell: {@code shell script} in {@code cwd} with exactly {@code env}, its output to {@code output}.
     *
     * @throws IllegalArgumentException for an environment no process can have (a NUL, a name with '=')
     * @throws IOException              when the zygote is gone
     */
    public Cell launch(Path cwd, String script, Path shell, Streams streams, Map<String, String> env, Sink output)
            throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream(256 + script.length());
        DataOutputStream items = new DataOutputStream(payload);
        item(items, cwd.toString());
        item(items, script);
        item(items, shell.toString());
        item(items, streams.name().toLowerCase(Locale.ROOT));
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getKey().isEmpty()
                    || e.getKey().indexOf('=') >= 0
                    || e.getKey().indexOf('\0') >= 0
                    || e.getValue().indexOf('\0') >= 0) {
                throw new IllegalArgumentException("invalid environment variable: " + e.getKey());
            }
            item(items, e.getKey() + "=" + e.getValue());
        }
        Cell cell = new Cell(ids.incrementAndGet(), output);
        cells.put(cell.id, cell);
        try {
            send('R', cell.id, payload.toByteArray());
        } catch (IOException e) {
            cells.remove(cell.id);
            throw e;
        }
        return cell;
    }

    static void item(DataOutputStream items, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        items.writeInt(b.length);
        items.write(b);
    }

    private void send(char kind, int id, byte[] payload) throws IOException {
        String gone = ended;
        if (gone != null) {
            throw new IOException(gone);
        }
        synchronized (control) {
            control.writeByte(kind);
            control.writeInt(id);
            control.writeInt(payload.length);
            control.write(payload);
            control.flush();
        }
    }

    /** Ends the zygote and, with its namespace, every process of every cell in it. */
    @Override
    public void close() {
        if (ended == null) {
            ended = "it was closed";
        }
        process.destroyForcibly();
        try {
            control.close();
        } catch (IOException e) {
            // closed already
        }
        try {
            // the reader ends when every process holding the zygote's output is gone: then nothing of a cell is left
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        endAll();
    }

    private void endAll() {
        for (Cell cell : cells.values()) {
            cell.started.complete(null);
            cell.exit.completeExceptionally(new IOException("the session's sandbox ended: " + ended()));
        }
        cells.clear();
        ready.completeExceptionally(new IOException("it exited before it was ready (" + ended() + ")"));
    }

    private void read() {
        Pending pending = new Pending();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(frames, MERGED))) {
            while (true) {
                int kind = in.readUnsignedByte();
                int id = in.readInt();
                byte[] payload = in.readNBytes(in.readInt());
                if (kind == 'O' || kind == 'E') {
                    pending.add(cells.get(id), kind == 'O' ? Stream.STDOUT : Stream.STDERR, payload);
                    if (in.available() == 0) {
                        pending.flush();
                    }
                    continue;
                }
                pending.flush();
                frame(kind, id, new String(payload, StandardCharsets.UTF_8));
            }
        } catch (EOFException e) {
            pending.flush();
        } catch (IOException | UncheckedIOException e) {
            pending.flush();
            if (ended == null) {
                ended = "its output could not be read: " + e.getMessage();
            }
        } finally {
            if (forked) {
                process.destroyForcibly(); // the holder: the sandbox has nothing left to serve
            }
            try {
                process.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (ended == null) {
                ended = process.isAlive() ? "it closed its output" : "its process exited (" + process.exitValue() + ")";
            }
            endAll();
        }
    }

    private void frame(int kind, int id, String text) {
        switch (kind) {
            case 'Z' -> ready.complete(null);
            case 'P' -> {
                Cell cell = cells.get(id);
                if (cell != null) {
                    cell.started.complete(null);
                }
            }
            case 'X' -> {
                Cell cell = cells.remove(id);
                if (cell != null) {
                    cell.started.complete(null);
                    cell.exit.complete(Integer.parseInt(text.strip()));
                }
            }
            case 'F' -> {
                Cell cell = cells.remove(id);
                if (cell != null) {
                    cell.started.complete(null);
                    cell.exit.completeExceptionally(new CellFailed(text));
                }
            }
            default -> throw new UncheckedIOException(new IOException("unknown frame " + kind + " from the zygote"));
        }
    }

    private void readErrors() {
        try (InputStream err = process.getErrorStream()) {
            byte[] buffer = new byte[4096];
            int n;
            while ((n = err.read(buffer)) >= 0) {
                if (errors.length() < 4000) {
                    errors.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            // the zygote is gone; what it said so far is kept
        }
    }

    /** Consecutive output frames of one cell's stream, delivered as one write as a pipe read would. */
    private static final class Pending {
        private Cell cell;
        private Stream stream;
        private final byte[] buffer = new byte[MERGED];
        private int length;

        void add(Cell to, Stream s, byte[] data) {
            if (to != cell || s != stream || length + data.length > buffer.length) {
                flush();
            }
            cell = to;
            stream = s;
            System.arraycopy(data, 0, buffer, length, data.length);
            length += data.length;
        }

        void flush() {
            if (cell != null && length > 0) {
                cell.deliver(stream, buffer, length);
            }
            cell = null;
            length = 0;
        }
    }

    /** The zygote could not run the cell (its shell did not start, or its monitor was killed from inside). */
    public static final class CellFailed extends IOException {
        CellFailed(String message) {
            super(message);
        }
    }

    /** One cell running in the zygote. */
    public final class Cell {
        private final int id;
        private final Sink output;
        private final CompletableFuture<Void> started = new CompletableFuture<>();
        private final CompletableFuture<Integer> exit = new CompletableFuture<>();
        private boolean detached;
        private RuntimeException failure;

        private Cell(int id, Sink output) {
            this.id = id;
            this.output = output;
        }

        private synchronized void deliver(Stream stream, byte[] data, int length) {
            if (detached || failure != null) {
                return; // read on regardless, so the cell never blocks on a full pipe
            }
            try {
                output.write(stream, data, 0, length);
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        /**
         * Waits for the cell's exit, after all its output was delivered.
         *
         * @return its exit code (128 + the signal that killed it)
         * @throws CellFailed       when it did not run, or the zygote ended meanwhile
         * @throws TimeoutException when it has not exited within {@code limit} (null: no limit)
         */
        public int await(Duration limit) throws InterruptedException, TimeoutException, IOException {
            try {
                return limit == null ? exit.get() : exit.get(Math.max(0, limit.toNanos()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            }
        }

        /** Whether the zygote has started the cell (or given up on it) within {@code limit}. */
        public boolean awaitStarted(Duration limit) throws InterruptedException {
            try {
                started.get(limit.toNanos(), TimeUnit.NANOSECONDS);
                return true;
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                return true;
            }
        }

        /** Asks the cell's monitor to end it: SIGTERM to all its processes, SIGKILL to what is left after 2 s. */
        public void stop() {
            try {
                send('T', id, new byte[0]);
            } catch (IOException e) {
                // the zygote is gone, and the cell with it
            }
        }

        /** Stops delivering output: used when the cell is given up on. */
        public synchronized void detach() {
            detached = true;
        }

        /** The error the output raised, if any; the cell's bytes after it were dropped. */
        public synchronized RuntimeException failure() {
            return failure;
        }
    }
}
