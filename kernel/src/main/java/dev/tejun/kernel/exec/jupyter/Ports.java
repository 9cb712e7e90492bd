package dev.tejun.kernel.exec.jupyter;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The connection file's content: five loopback ports and the key that signs messages. Ports are found free the way
 * Jupyter's own client finds them (bind port 0, read it, release it); the kernel binds them a moment later.
 */
record Ports(int shell, int iopub, int stdin, int control, int hb, String key) {

    static final String IP = "127.0.0.1";
    private static final SecureRandom RANDOM = new SecureRandom();

    static Ports free() throws IOException {
        ServerSocket[] held = new ServerSocket[5];
        try {
            for (int i = 0; i < held.length; i++) {
                held[i] = new ServerSocket(0, 1, InetAddress.getByName(IP));
            }
            byte[] key = new byte[32];
            RANDOM.nextBytes(key);
            return new Ports(
                    held[0].getLocalPort(),
                    held[1].getLocalPort(),
                    held[2].getLocalPort(),
                    held[3].getLocalPort(),
                    held[4].getLocalPort(),
                    HexFormat.of().formatHex(key));
        } finally {
            for (ServerSocket s : held) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }

    String address(int port) {
        return "tcp://" + IP + ":" + port;
    }

    ObjectNode connectionFile(String kernelName) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("shell_port", shell);
        o.put("iopub_port", iopub);
        o.put("stdin_port", stdin);
        o.put("control_port", control);
        o.put("hb_port", hb);
        o.put("ip", IP);
        o.put("key", key);
        o.put("transport", "tcp");
        o.put("signature_scheme", "hmac-sha256");
        o.put("kernel_name", kernelName);
        return o;
    }
}
