package dev.tejun.kernel.exec.java;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.connect.IllegalConnectorArgumentsException;
import com.sun.jdi.connect.ListeningConnector;
import dev.tejun.kernel.exec.sandbox.CellSandbox;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import jdk.jshell.execution.Util;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Starts the remote JVM for one JShell: launched by JDI (so it can be stopped through JDI) with
 * {@link RemoteAgent} as main class, which dials back to a loopback socket with TCP_NODELAY on both ends.
 * One launcher serves one JShell; it remembers the control it made so the owner can find the process.
 */
final class AgentLauncher implements ExecutionControlProvider {

    private static final int CONNECT_TIMEOUT_MS = 20_000;

    /** Makes the process builder for the agent JVM's command line: the cell sandbox's, in Tejun. */
    @FunctionalInterface
    interface Start {
        ProcessBuilder builder(List<String> command) throws IOException;
    }

    private final List<String> vmOptions;
    private final Start start;
    private final ReplClasses repl;
    private volatile AgentControl control;
    private volatile boolean aborted;

    /**
     * @param vmOptions options for the remote JVM beyond the defaults (heap, GC, class path)
     * @param start     how its process is made
     * @param repl      told of every class JShell loads into the JVM
     */
    AgentLauncher(List<String> vmOptions, Start start, ReplClasses repl) {
        this.vmOptions = List.copyOf(vmOptions);
        this.start = start;
        this.repl = repl;
    }

    /** The control of the running JVM, or null before JShell started it. */
    AgentControl control() {
        return control;
    }

    /**
     * Kills the JVM if it runs, and the one being started as soon as it exists. A start cannot be cut short
     * (JDI waits for the JVM to attach), so this is how a stop during start-up leaves no process behind.
     */
    void abort() {
        aborted = true;
        AgentControl running = control;
        if (running != null) {
            AgentControl.killTree(running.process());
        }
    }

    @Override
    public String name() {
        return "tejun-agent";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) throws Throwable {
        if (aborted) {
            throw new IllegalStateException("start of the Java VM was cancelled");
        }
        Path errors = Files.createTempFile("tejun-agent-", ".err");
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(CONNECT_TIMEOUT_MS);
            Started started = startListening(listener.getLocalPort(), remoteOptions(env), errors);
            // a JVM that exits before it dials in (its class path unreadable, say) would leave accept() waiting
            started.process().onExit().thenRun(() -> closeQuietly(listener));
            try {
                return connect(env, listener, started.vm(), started.process());
            } catch (IOException e) {
                AgentControl.killTree(started.process());
                throw notConnected(errors, e);
            } catch (Throwable e) {
                AgentControl.killTree(started.process());
                throw e;
            }
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    /** Why the JVM did not connect: what it wrote on stderr, else what the wait ended with. */
    private static IllegalStateException notConnected(Path errors, Exception e) throws IOException {
        String said = Files.readString(errors).strip();
        return new IllegalStateException(
                "the Java VM did not connect" + (said.isEmpty() ? ": " + e.getMessage() : ": " + said), e);
    }

    private static void closeQuietly(ServerSocket listener) {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closed already
        }
    }

    private record Started(VirtualMachine vm, Process process) {}

    /**
     * What JShell's {@code JdiInitiator} does in its listening mode (JDI listens on loopback, the JVM dials in with
     * the jdwp agent), except that the JVM is started through {@code start}, so that it runs in the cell sandbox
     * with a scrubbed environment; JdiInitiator would start it with the server's own user and environment.
     */
    private Started startListening(int agentPort, List<String> options, Path errors) throws Exception {
        ListeningConnector connector = Bootstrap.virtualMachineManager().listeningConnectors().stream()
                .filter(c -> c.name().equals("com.sun.jdi.SocketListen"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no JDI socket connector in this JDK"));
        Map<String, Connector.Argument> args = connector.defaultArguments();
        args.get("localAddress").setValue(InetAddress.getLoopbackAddress().getHostAddress());
        args.get("port").setValue("0");
        args.get("timeout").setValue(Integer.toString(CONNECT_TIMEOUT_MS));
        String address = connector.startListening(args);
        try {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-agentlib:jdwp=transport=dt_socket,address=" + address);
            command.addAll(options);
            command.add(RemoteAgent.class.getName());
            command.add(Integer.toString(agentPort));
            Process process = CellSandbox.start(start.builder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(errors.toFile()));
            // a JVM that dies before it dials in would leave accept() waiting for the whole timeout
            process.onExit().thenRun(() -> stopListening(connector, args));
            try {
                return new Started(connector.accept(args), process);
            } catch (IOException | RuntimeException e) {
                process.destroyForcibly();
                throw notConnected(errors, e);
            }
        } finally {
            stopListening(connector, args);
        }
    }

    private static void stopListening(ListeningConnector connector, Map<String, Connector.Argument> args) {
        try {
            connector.stopListening(args);
        } catch (IOException | IllegalConnectorArgumentsException | RuntimeException ignored) {
            // not listening (any more)
        }
    }

    private AgentControl connect(ExecutionEnv env, ServerSocket listener, VirtualMachine vm, Process process)
            throws Exception {
        AtomicReference<AgentControl> made = new AtomicReference<>();
        // Must run before accept(): besides watching for death, JDI's event handler resumes the JVM, which
        // starts suspended until a debugger is attached.
        Util.detectJdiExitEvent(vm, why -> {
            AgentControl ready = made.get();
            if (ready != null) {
                ready.disposeVm(Duration.ofSeconds(1));
                env.closeDown();
            }
        });
        Socket socket = listener.accept();
        socket.setTcpNoDelay(true);
        AgentControl ready = (AgentControl) Util.remoteInputOutput(
                socket.getInputStream(),
                socket.getOutputStream(),
                Map.of("out", env.userOut(), "err", env.userErr()),
                Map.of("in", env.userIn()),
                (replies, commands) -> new AgentControl(commands, replies, vm, process, repl));
        made.set(ready);
        control = ready;
        if (aborted || !process.isAlive()) {
            // stopped while starting, or died before the death handler above could see the control
            ready.disposeVm(Duration.ZERO);
            throw new IllegalStateException(
                    aborted ? "start of the Java VM was cancelled" : "the Java VM exited while starting");
        }
        return ready;
    }

    private List<String> remoteOptions(ExecutionEnv env) {
        List<String> options = new ArrayList<>(List.of(
                // A small, quick-starting JVM: cells are scripts, not long-running services.
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-Djdk.console=java.base",
                "-Dstdout.encoding=UTF-8",
                "-Dstderr.encoding=UTF-8",
                "-cp",
                agentClassPath()));
        options.addAll(vmOptions);
        options.addAll(env.extraRemoteVMOptions());
        return options;
    }

    /**
     * The jar or classes directory this class came from: all the remote JVM needs beyond the JDK, and so all a
     * cell can compile against.
     */
    static String agentClassPath() {
        var source = RemoteAgent.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            return System.getProperty("java.class.path");
        }
        try {
            return Path.of(source.getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the agent's classes: " + source.getLocation(), e);
        }
    }
}
