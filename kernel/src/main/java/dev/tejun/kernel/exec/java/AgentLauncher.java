package dev.tejun.kernel.exec.java;

import com.sun.jdi.VirtualMachine;
import jdk.jshell.execution.JdiInitiator;
import jdk.jshell.execution.Util;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts the remote JVM for one JShell: launched by JDI (so it can be stopped through JDI) with
 * {@link RemoteAgent} as main class, which dials back to a loopback socket with TCP_NODELAY on both ends.
 * One launcher serves one JShell; it remembers the control it made so the owner can find the process.
 */
final class AgentLauncher implements ExecutionControlProvider {

    private static final int CONNECT_TIMEOUT_MS = 20_000;

    private final List<String> vmOptions;
    private volatile AgentControl control;
    private volatile boolean aborted;

    /** @param vmOptions options for the remote JVM beyond the defaults (heap, GC, class path) */
    AgentLauncher(List<String> vmOptions) {
        this.vmOptions = List.copyOf(vmOptions);
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
            running.process().destroyForcibly();
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
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(CONNECT_TIMEOUT_MS);
            List<String> options = remoteOptions(env);
            JdiInitiator jdi = new JdiInitiator(listener.getLocalPort(), options, RemoteAgent.class.getName(),
                    false, InetAddress.getLoopbackAddress().getHostAddress(), CONNECT_TIMEOUT_MS, Map.of());
            VirtualMachine vm = jdi.vm();
            Process process = jdi.process();
            try {
                return connect(env, listener, vm, process);
            } catch (Throwable e) {
                process.destroyForcibly();
                throw e;
            }
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
        AgentControl ready = (AgentControl) Util.remoteInputOutput(socket.getInputStream(),
                socket.getOutputStream(), Map.of("out", env.userOut(), "err", env.userErr()),
                Map.of("in", env.userIn()), (replies, commands) -> new AgentControl(commands, replies, vm, process));
        made.set(ready);
        control = ready;
        if (aborted || !process.isAlive()) {
            // stopped while starting, or died before the death handler above could see the control
            ready.disposeVm(Duration.ZERO);
            throw new IllegalStateException(aborted
                    ? "start of the Java VM was cancelled"
                    : "the Java VM exited while starting");
        }
        return ready;
    }

    private List<String> remoteOptions(ExecutionEnv env) {
        List<String> options = new ArrayList<>(List.of(
                // A small, quick-starting JVM: cells are scripts, not long-running services.
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Djdk.console=java.base",
                "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8",
                "-cp", agentClassPath()));
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
