import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * A WebSocket client on a plain socket (RFC 6455, the client's part: the opening handshake, masked text frames out,
 * text and continuation frames in, pings answered): one blocking reader thread per socket and nothing else, so
 * that what a benchmark measures is the server and not the client library (the JDK's java.net.http WebSocket hands
 * every message across a selector thread and an executor, ~2 ms of the client's CPU per warm cell). No extensions.
 */
final class PlainSocket implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Thread reader;
    private volatile boolean closing;

    private PlainSocket(Socket socket, Consumer<String> onText) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = socket.getOutputStream();
        this.reader = Thread.ofPlatform().daemon().name("plain-ws-reader").unstarted(() -> read(onText));
    }

    /** Connects to {@code path} (e.g. "/ws/session?runbook=a.md") on 127.0.0.1:port with the given headers. */
    static PlainSocket connect(int port, String path, String origin, String cookie, Consumer<String> onText)
            throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setTcpNoDelay(true);
        PlainSocket ws = new PlainSocket(s, onText);
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\nOrigin: " + origin + "\r\nCookie: " + cookie + "\r\n\r\n";
        ws.out.write(request.getBytes(StandardCharsets.US_ASCII));
        ws.out.flush();
        String status = ws.headers();
        if (!status.startsWith("HTTP/1.1 101")) {
            s.close();
            throw new IOException("no WebSocket: " + status);
        }
        ws.reader.start();
        return ws;
    }

    /** The answer's header block; its status line first. */
    private String headers() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during the handshake");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1
                    : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    void sendText(String text) throws IOException {
        send(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    private synchronized void send(int opcode, byte[] payload) throws IOException {
        int n = payload.length;
        byte[] frame = new byte[2 + (n < 126 ? 0 : n < 65536 ? 2 : 8) + 4 + n];
        int at = 0;
        frame[at++] = (byte) (0x80 | opcode);
        if (n < 126) {
            frame[at++] = (byte) (0x80 | n);
        } else if (n < 65536) {
            frame[at++] = (byte) (0x80 | 126);
            frame[at++] = (byte) (n >>> 8);
            frame[at++] = (byte) n;
        } else {
            frame[at++] = (byte) (0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame[at++] = (byte) ((long) n >>> shift);
            }
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        System.arraycopy(mask, 0, frame, at, 4);
        at += 4;
        for (int i = 0; i < n; i++) {
            frame[at + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        out.write(frame);
        out.flush();
    }

    private void read(Consumer<String> onText) {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        try {
            while (true) {
                int b0 = in.read();
                int b1 = in.read();
                if (b0 < 0 || b1 < 0) {
                    return;
                }
                long n = b1 & 0x7f;
                if (n == 126) {
                    n = (in.read() << 8) | in.read();
                } else if (n == 127) {
                    n = 0;
                    for (int i = 0; i < 8; i++) {
                        n = (n << 8) | in.read();
                    }
                }
                byte[] payload = in.readNBytes((int) n); // a server's frames are not masked
                int opcode = b0 & 0x0f;
                switch (opcode) {
                    case 0x1, 0x0 -> {
                        message.write(payload);
                        if ((b0 & 0x80) != 0) {
                            onText.accept(message.toString(StandardCharsets.UTF_8));
                            message.reset();
                        }
                    }
                    case 0x9 -> send(0xA, payload);
                    case 0x8 -> {
                        return;
                    }
                    default -> { }
                }
            }
        } catch (IOException e) {
            if (!closing) {
                System.err.println("plain socket read failed: " + e);
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            send(0x8, new byte[] {0x03, (byte) 0xe8});
        } catch (IOException ignored) {
            // closed already
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed already
        }
    }
}
