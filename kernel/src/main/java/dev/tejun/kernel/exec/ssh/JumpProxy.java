package dev.tejun.kernel.exec.ssh;

import com.jcraft.jsch.Channel;
import com.jcraft.jsch.Proxy;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * What OpenSSH's {@code ProxyJump} does, for JSch: the next hop's SSH connection runs inside a {@code direct-tcpip}
 * channel of the bastion's connection, so the bastion only forwards bytes it cannot read, and the target's host
 * key is checked end to end against known_hosts as for a direct connection.
 */
final class JumpProxy implements Proxy {

    private final Session bastion;
    private Channel channel;
    private InputStream in;
    private OutputStream out;

    JumpProxy(Session bastion) {
        this.bastion = bastion;
    }

    @Override
    public void connect(SocketFactory socketFactory, String host, int port, int timeout) throws Exception {
        Channel ch = bastion.getStreamForwarder(host, port);
        in = ch.getInputStream();
        out = ch.getOutputStream();
        ch.connect(timeout);
        channel = ch;
    }

    @Override
    public InputStream getInputStream() {
        return in;
    }

    @Override
    public OutputStream getOutputStream() {
        return out;
    }

    /** None: the hop is a channel, not a socket (JSch then sets no socket timeout). */
    @Override
    public Socket getSocket() {
        return null;
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.disconnect();
        }
        try {
            if (in != null) {
                in.close();
            }
        } catch (IOException ignored) {
            // the channel is gone already
        }
    }
}
