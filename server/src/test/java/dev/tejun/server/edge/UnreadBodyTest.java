package dev.tejun.server.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.fixtures.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that sends a body to a route that reads none (a POST whose answer needs no input) must be able to tell
 * whether its connection goes on. The server closed it after such an answer when the body came after the headers,
 * yet the answer said nothing of it: the client's next request on the kept connection met a closed socket and got
 * no answer at all (the JDK client's "header parser received no bytes", seen in CI as a flaky failure).
 */
class UnreadBodyTest {

    @TempDir
    Path temp;

    @Test
    void bodyAfterTheHeaders_toARouteThatReadsNone_theAnswerSaysWhetherTheConnectionGoesOn() throws Exception {
        try (TestServer t = new TestServer(temp);
                Socket s = new Socket("127.0.0.1", t.server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            byte[] body = "{\"name\":1}".getBytes(StandardCharsets.US_ASCII);
            out.write(head(t, body.length));
            out.flush();
            // the answer is ready before the body is here, as on a busy machine or a slow network
            Thread.sleep(300);
            out.write(body);
            out.flush();
            String first = response(in);
            assertTrue(first.startsWith("HTTP/1.1 200"), first);
            if (first.toLowerCase(Locale.ROOT).contains("\r\nconnection: close")) {
                assertEquals(-1, in.read(), "the connection was said to close");
                return;
            }
            String second;
            try {
                out.write(("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:" + t.server.port() + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                second = response(in);
            } catch (IOException e) {
                second = e.toString();
            }
            assertTrue(second.startsWith("HTTP/1.1 200"), "a kept connection answers the next request: " + second);
        }
    }

    @Test
    void bodyWithTheHeaders_toARouteThatReadsNone_theConnectionIsKept() throws Exception {
        try (TestServer t = new TestServer(temp);
                Socket s = new Socket("127.0.0.1", t.server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (int i = 0; i < 3; i++) {
                byte[] head = head(t, 2);
                byte[] request = java.util.Arrays.copyOf(head, head.length + 2);
                request[head.length] = '{';
                request[head.length + 1] = '}';
                out.write(request); // one write: the body comes with its headers
                out.flush();
                String answer = response(in);
                assertTrue(answer.startsWith("HTTP/1.1 200"), i + ": " + answer);
            }
        }
    }

    /** The head of a POST, as an admin, to a route that reads no body, announcing {@code length} bytes of one. */
    private static byte[] head(TestServer t, int length) {
        return ("POST /api/events/breaker/close HTTP/1.1\r\nHost: 127.0.0.1:" + t.server.port()
                        + "\r\nAuthorization: Bearer " + t.token
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** One answer: its head and the body its Content-Length names; empty when the server closed first. */
    private static String response(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                return head.toString(StandardCharsets.US_ASCII);
            }
            head.write(c);
            matched = (c == "\r\n\r\n".charAt(matched)) ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(
                        line.substring("content-length:".length()).trim());
            }
        }
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
