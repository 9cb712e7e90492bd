package dev.tejun.kernel.exec.dialog;

import dev.tejun.kernel.exec.ssh.PtyShells;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The telnet protocol (RFC 854) as far as a scripted dialog needs it: the server's option negotiation is answered
 * (it may echo and suppress go-ahead; every other option is declined), commands are taken out of what the host
 * writes, and a 255 byte sent is doubled.
 */
final class Telnet {

    private static final int IAC = 255;
    private static final int DONT = 254;
    private static final int DO = 253;
    private static final int WONT = 252;
    private static final int WILL = 251;
    private static final int SB = 250;
    private static final int SE = 240;
    private static final int ECHO = 1;
    private static final int SUPPRESS_GO_AHEAD = 3;

    private Telnet() {}

    /** A connection to {@code address:port}; {@code forwarded}, when not null, is a stream a bastion opened there. */
    static PtyShells.Stream open(String address, int port, Duration connectTimeout, PtyShells.Stream forwarded)
            throws IOException {
        if (forwarded != null) {
            return wrap(forwarded.input(), forwarded.output(), forwarded::close);
        }
        Socket socket = new Socket();
        try {
            socket.connect(
                    new InetSocketAddress(address, port), (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        } catch (IOException e) {
            socket.close();
            throw new IOException("telnet " + address + ":" + port + ": " + e.getMessage(), e);
        }
        return wrap(socket.getInputStream(), socket.getOutputStream(), () -> {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all that is left to do
            }
        });
    }

    private static PtyShells.Stream wrap(InputStream in, OutputStream out, Runnable closer) {
        OutputStream escaped = new Escaping(out);
        InputStream filtered = new Negotiating(in, out);
        return new PtyShells.Stream() {
            @Override
            public InputStream input() {
                return filtered;
            }

            @Override
            public OutputStream output() {
                return escaped;
            }

            @Override
            public void close() {
                closer.run();
            }
        };
    }

    /** Data bytes out, a 255 doubled so it is not read as a command. */
    private static final class Escaping extends OutputStream {
        private final OutputStream out;

        Escaping(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteArrayOutputStream data = new ByteArrayOutputStream(len + 8);
            for (int i = off; i < off + len; i++) {
                data.write(b[i]);
                if ((b[i] & 0xff) == IAC) {
                    data.write(IAC);
                }
            }
            synchronized (out) {
                out.write(data.toByteArray());
                out.flush();
            }
        }

        @Override
        public void flush() throws IOException {
            synchronized (out) {
                out.flush();
            }
        }
    }

    /** What the host writes with the commands taken out and answered. */
    private static final class Negotiating extends FilterInputStream {
        private final OutputStream answers;
        private final Set<Integer> answered = new HashSet<>();

        Negotiating(InputStream in, OutputStream answers) {
            super(in);
            this.answers = answers;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n;
            while ((n = read(one, 0, 1)) == 0) {
                // a read that was all commands: read on
            }
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (true) {
                int n = in.read(b, off, len);
                if (n <= 0) {
                    return n;
                }
                int kept = 0;
                for (int i = 0; i < n; i++) {
                    int c = b[off + i] & 0xff;
                    if (c != IAC) {
                        b[off + kept++] = (byte) c;
                        continue;
                    }
                    int cmd = i + 1 < n ? b[off + ++i] & 0xff : in.read();
                    if (cmd == IAC) {
                        b[off + kept++] = (byte) IAC;
                    } else if (cmd >= WILL && cmd <= DONT) {
                        int option = i + 1 < n ? b[off + ++i] & 0xff : in.read();
                        answer(cmd, option);
                    } else if (cmd == SB) {
                        i = skipSubnegotiation(b, off, n, i);
                    }
                    // other commands (NOP, GA, …) carry nothing a dialog needs
                }
                if (kept > 0) {
                    return kept;
                }
            }
        }

        /** Skips to the IAC SE that ends a subnegotiation; returns the index of SE within the buffer, or n - 1. */
        private int skipSubnegotiation(byte[] b, int off, int n, int i) throws IOException {
            int prev = -1;
            for (i = i + 1; i < n; i++) {
                int c = b[off + i] & 0xff;
                if (prev == IAC && c == SE) {
                    return i;
                }
                prev = c;
            }
            int c;
            while ((c = in.read()) >= 0) {
                if (prev == IAC && c == SE) {
                    break;
                }
                prev = c;
            }
            return n - 1;
        }

        private void answer(int cmd, int option) throws IOException {
            if (option < 0 || !answered.add(cmd * 256 + option)) {
                return; // answered once: answering again would start a negotiation loop
            }
            int reply;
            if (cmd == WILL) {
                reply = option == ECHO || option == SUPPRESS_GO_AHEAD ? DO : DONT;
            } else if (cmd == DO) {
                reply = option == SUPPRESS_GO_AHEAD ? WILL : WONT;
            } else {
                reply = cmd == WONT ? DONT : WONT;
            }
            synchronized (answers) {
                answers.write(new byte[] {(byte) IAC, (byte) reply, (byte) option});
                answers.flush();
            }
        }
    }
}
