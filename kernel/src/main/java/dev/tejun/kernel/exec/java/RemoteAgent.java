package dev.tejun.kernel.exec.java;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;
import jdk.jshell.execution.Util;

/**
 * Main class of the remote JVM. It connects back to the kernel on the loopback port given as its only argument
 * and serves JShell's commands with the JDK's own remote control ({@link AgentExecution} adds one of Tejun's).
 * <p>
 * It exists only to set TCP_NODELAY: the command protocol is many tiny writes answered by tiny writes, which
 * Nagle's algorithm holds back until the peer's delayed ACK, costing about 190 ms per eval.
 */
public final class RemoteAgent {

    private RemoteAgent() {}

    public static void main(String[] args) throws Exception {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0]));
        socket.setTcpNoDelay(true);
        // UTF-8 regardless of the platform default: the kernel treats cell output as UTF-8 bytes.
        Map<String, Consumer<OutputStream>> outputs = Map.of(
                "out", stream -> System.setOut(new PrintStream(stream, true, StandardCharsets.UTF_8)),
                "err", stream -> System.setErr(new PrintStream(stream, true, StandardCharsets.UTF_8)));
        Map<String, Consumer<InputStream>> inputs = Map.of("in", System::setIn);
        Util.forwardExecutionControlAndIO(
                new AgentExecution(), socket.getInputStream(), socket.getOutputStream(), outputs, inputs);
    }
}
