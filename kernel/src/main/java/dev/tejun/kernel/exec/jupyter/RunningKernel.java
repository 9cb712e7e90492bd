package dev.tejun.kernel.exec.jupyter;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.exec.sandbox.CellSandbox;
import dev.tejun.kernel.runbook.Attributes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * One kernel process and Tejun's five sockets to it. Not thread-safe: ZeroMQ sockets belong to one thread, so the
 * executor calls every method from its one I/O thread.
 */
final class RunningKernel implements AutoCloseable {

    /** How long {@code poll} waits before the loops look at their stop flag and the process again. */
    static final int POLL_MS = 25;

    private final KernelSpec spec;
    private final Process process;
    private final Path stderr;
    private final Wire wire;
    private final String session = UUID.randomUUID().toString();
    private final ZContext context = new ZContext(1);
    private final ZMQ.Socket shell;
    private final ZMQ.Socket iopub;
    private final ZMQ.Socket stdin;
    private final ZMQ.Socket control;
    private final ZMQ.Socket hb;
    private final ZMQ.Poller poller;
    private String banner = "";
    private boolean closed;

    private RunningKernel(KernelSpec spec, Process process, Path stderr, Ports ports) {
        this.spec = spec;
        this.process = process;
        this.stderr = stderr;
        this.wire = new Wire(ports.key());
        byte[] identity = session.getBytes(StandardCharsets.US_ASCII);
        shell = socket(SocketType.DEALER, ports.address(ports.shell()), identity);
        // the kernel sends input requests to the identity that sent the execute request, so stdin shares it
        stdin = socket(SocketType.DEALER, ports.address(ports.stdin()), identity);
        control = socket(SocketType.DEALER, ports.address(ports.control()), null);
        hb = socket(SocketType.REQ, ports.address(ports.hb()), null);
        iopub = context.createSocket(SocketType.SUB);
        iopub.setLinger(0);
        iopub.subscribe(new byte[0]);
        iopub.connect(ports.address(ports.iopub()));
        // a cell's loop blocks on one of these at a time (Wire.await) and looks at its stop flag in between
        shell.setReceiveTimeOut(POLL_MS);
        iopub.setReceiveTimeOut(POLL_MS);
        poller = context.createPoller(4);
        poller.register(shell, ZMQ.Poller.POLLIN);
        poller.register(iopub, ZMQ.Poller.POLLIN);
        poller.register(control, ZMQ.Poller.POLLIN);
        poller.register(stdin, ZMQ.Poller.POLLIN);
    }

    private ZMQ.Socket socket(SocketType type, String address, byte[] identity) {
        ZMQ.Socket s = context.createSocket(type);
        s.setLinger(0);
        if (identity != null) {
            s.setIdentity(identity);
        }
        s.connect(address);
        return s;
    }

    /**
     * Starts the kernel in the cell sandbox, with {@code work} as its working folder and HOME, and waits until it
     * answers on shell and iopub. The connection file, which holds the signing key, is deleted once the kernel
     * has read it.
     *
     * @throws IOException when the kernel does not start or answer within {@code within}; the message says why
     *     ({@link PortTaken} when one of {@code ports} was not the kernel's: worth a start on other ports)
     */
    static RunningKernel start(KernelSpec spec, CellSandbox sandbox, Path work, Duration within, Stop stop, Ports ports)
            throws IOException {
        Path folder = work.resolve(".tejun-kernels");
        Files.createDirectories(folder);
        Path connection = folder.resolve(spec.name() + "-" + UUID.randomUUID() + ".json");
        Json.MAPPER.writeValue(connection.toFile(), ports.connectionFile(spec.name()));
        sandbox.handOver(folder);
        Map<String, String> env = new LinkedHashMap<>(spec.env());
        env.put("JUPYTER_RUNTIME_DIR", folder.toString());
        Path errors = Files.createTempFile("tejun-kernel-", ".err");
        ProcessBuilder builder = sandbox.builder(
                        spec.command(connection),
                        work,
                        work,
                        sandbox.environment(Attributes.NONE, env, work),
                        List.of(),
                        List.of(),
                        false)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(errors.toFile());
        Process process;
        try {
            process = CellSandbox.start(builder);
        } catch (IOException e) {
            Files.deleteIfExists(errors);
            Files.deleteIfExists(connection);
            throw new IOException("cannot start kernel " + spec.name() + ": " + e.getMessage(), e);
        }
        RunningKernel kernel = new RunningKernel(spec, process, errors, ports);
        try {
            kernel.awaitReady(within, stop);
            return kernel;
        } catch (IOException | RuntimeException e) {
            kernel.kill();
            throw e;
        } finally {
            Files.deleteIfExists(connection);
        }
    }

    /** Asked between polls: has the cell been stopped meanwhile? */
    @FunctionalInterface
    interface Stop {
        boolean requested();
    }

    /**
     * Sends {@code kernel_info_request} until the reply has come on shell and the kernel's status on iopub: until
     * iopub has delivered something, its subscription may not be in place and the first cell's output could be lost.
     */
    private void awaitReady(Duration within, Stop stop) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        long nextAsk = 0;
        boolean replied = false;
        boolean heard = false;
        while (!(replied && heard)) {
            if (stop.requested()) {
                throw new IOException("the start of kernel " + spec.name() + " was stopped");
            }
            if (!process.isAlive()) {
                String said = said();
                String why = "kernel " + spec.name() + " exited while starting (exit code " + process.exitValue() + ")"
                        + said;
                throw said.contains("Address already in use") ? new PortTaken(why) : new IOException(why);
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(
                        "kernel " + spec.name() + " did not answer within " + within.toSeconds() + " s" + said());
            }
            if (System.nanoTime() >= nextAsk) {
                wire.send(shell, KernelMessage.request(session, "kernel_info_request", empty()));
                nextAsk = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(replied ? 200 : 1000);
            }
            poller.poll(POLL_MS);
            for (KernelMessage m = wire.receive(shell); m != null; m = wire.receive(shell)) {
                if (m.type().equals("kernel_info_reply")) {
                    replied = true;
                    banner = m.content().path("banner").asText("");
                }
            }
            for (KernelMessage m = wire.receive(iopub); m != null; m = wire.receive(iopub)) {
                heard = true;
            }
        }
        // the heartbeat channel answers from its own thread in the kernel, even while a cell runs
        hb.send("ping".getBytes(StandardCharsets.US_ASCII));
        if (!awaitHeartbeat(Duration.ofSeconds(5))) {
            // ipykernel goes on without its heartbeat when it cannot bind the port the connection file names
            throw new PortTaken("kernel " + spec.name() + " answers on shell but not on its heartbeat" + said());
        }
    }

    private boolean awaitHeartbeat(Duration within) {
        ZMQ.Poller beat = context.createPoller(1);
        beat.register(hb, ZMQ.Poller.POLLIN);
        try {
            if (beat.poll(within.toMillis()) > 0 && beat.pollin(0)) {
                hb.recv(0);
                return true;
            }
            return false;
        } finally {
            beat.close();
        }
    }

    /** What the kernel wrote to its own stderr, for a start that failed. */
    private String said() {
        try {
            String text = Files.readString(stderr).strip();
            if (text.length() > 2000) {
                text = "…" + text.substring(text.length() - 2000);
            }
            return text.isEmpty() ? "" : ": " + text;
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The kernel did not get one of its ports: another process bound it between the pick and the kernel's bind, or
     * the heartbeat port answers for someone else. A start on other ports is likely to succeed.
     */
    static final class PortTaken extends IOException {
        PortTaken(String message) {
            super(message);
        }
    }

    String name() {
        return spec.name();
    }

    String session() {
        return session;
    }

    String banner() {
        return banner;
    }

    boolean alive() {
        return process.isAlive();
    }

    Integer exitCode() {
        try {
            return process.waitFor(500, TimeUnit.MILLISECONDS) ? process.exitValue() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    Wire wire() {
        return wire;
    }

    ZMQ.Socket shell() {
        return shell;
    }

    ZMQ.Socket iopub() {
        return iopub;
    }

    ZMQ.Socket control() {
        return control;
    }

    ZMQ.Socket stdin() {
        return stdin;
    }

    ZMQ.Poller poller() {
        return poller;
    }

    /** Sends a request of this client's session on {@code socket} and returns its id. */
    String send(ZMQ.Socket socket, String type, ObjectNode content) {
        KernelMessage m = KernelMessage.request(session, type, content);
        wire.send(socket, m);
        return m.id();
    }

    /** Asks the kernel to stop the code it runs, through the control channel (as a KeyboardInterrupt in Python). */
    void interrupt() {
        send(control, "interrupt_request", empty());
    }

    static ObjectNode empty() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Asks the kernel to shut down, gives it {@code grace}, then kills what is left. */
    void shutdown(Duration grace) {
        if (process.isAlive()) {
            ObjectNode content = empty();
            content.put("restart", false);
            send(control, "shutdown_request", content);
            try {
                process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // it did not go by itself: killed below
            }
        }
        kill();
    }

    /** Kills the kernel and everything it started (in the sandbox, the process Java holds is bubblewrap). */
    void kill() {
        List<ProcessHandle> below = process.descendants().toList();
        below.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.onExit().get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // past what waiting can help
        }
        close();
    }

    /** The process's handle, for tests that kill the kernel from outside. */
    ProcessHandle handle() {
        return process.toHandle();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        poller.close();
        context.close();
        try {
            Files.deleteIfExists(stderr);
        } catch (IOException e) {
            // a temp file; the OS cleans it later
        }
    }
}
