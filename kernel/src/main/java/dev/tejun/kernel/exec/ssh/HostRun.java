package dev.tejun.kernel.exec.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import com.jcraft.jsch.Session;
import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.exec.remote.HostStatuses;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The command of an ssh cell on one host: connect (or reuse the connection), run, stream stdout and stderr to the
 * host's pane, and tell how it ended. Never throws: every way it can end is a {@link Result}.
 */
final class HostRun {

    /**
     * How one host ended; {@code exit} is null when no command ran to an end; {@code tail} is the end of what it
     * wrote (unmasked: mask before showing), or null.
     */
    record Result(String host, String status, Integer exit, String detail, String tail) {
        Result(String host, String status, Integer exit, String detail) {
            this(host, status, exit, detail, null);
        }
    }

    /** How much of a host's output a result keeps for an approver to read. */
    private static final int TAIL = 2000;

    private final StringBuilder tail = new StringBuilder();

    private static final int BUFFER = 32 * 1024;
    private static final long POLL_MILLIS = 10;

    private final SshConnections connections;
    private final SshConnections.Target target;
    private final HostKeyPolicy policy;
    private final Duration connectTimeout;
    private final Duration commandTimeout;
    private final Output output;
    /** The batch as the host strip shows it ("batch 2/3"), or null. */
    private final String label;

    private volatile ChannelExec channel;
    private volatile Session session;
    /** The remote shell's pid (and process group), once its first line has come; 0 before. */
    private volatile long remotePid;

    private volatile boolean cancelled;

    HostRun(
            SshConnections connections,
            SshConnections.Target target,
            HostKeyPolicy policy,
            Duration connectTimeout,
            Duration commandTimeout,
            Output output,
            String label) {
        this.connections = connections;
        this.label = label;
        this.target = target;
        this.policy = policy;
        this.connectTimeout = connectTimeout;
        this.commandTimeout = commandTimeout;
        this.output = output;
    }

    Result run(String command) {
        String host = target.host();
        try {
            session = connections.open(target, policy, connectTimeout);
        } catch (SshConnections.ChangedHostKey e) {
            return new Result(host, HostStatuses.UNREACHABLE, null, e.getMessage());
        } catch (JSchUnknownHostKeyException e) {
            return new Result(
                    host,
                    HostStatuses.UNREACHABLE,
                    null,
                    "host key not in known_hosts (add it, or set host-key-policy=accept-new)");
        } catch (JSchException e) {
            return new Result(host, HostStatuses.UNREACHABLE, null, reason(e));
        }
        if (cancelled) {
            return new Result(host, HostStatuses.STOPPED, null, null);
        }
        output.hostStatus(host, HostStatuses.RUNNING, label == null ? target.toString() : target + " · " + label);
        try {
            String remote = RemoteCommand.tooLongForArgument(command)
                    ? RemoteCommand.runFile(upload(command))
                    : RemoteCommand.wrap(command);
            ChannelExec ch = (ChannelExec) session.openChannel("exec");
            ch.setCommand(remote);
            ch.setInputStream(null);
            InputStream out = ch.getInputStream();
            InputStream err = ch.getErrStream();
            channel = ch;
            if (cancelled) {
                ch.disconnect();
                return new Result(host, HostStatuses.STOPPED, null, null);
            }
            ch.connect((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
            Thread errPump = Thread.ofVirtual().name("tejun-ssh-err-" + host).start(() -> pump(err, Stream.STDERR));
            Thread outPump = Thread.ofVirtual().name("tejun-ssh-out-" + host).start(() -> pump(out, Stream.STDOUT));
            return await(ch, outPump, errPump);
        } catch (JSchException e) {
            return new Result(host, cancelled ? HostStatuses.STOPPED : HostStatuses.FAILED, null, reason(e));
        } catch (IOException e) {
            return new Result(host, HostStatuses.FAILED, null, e.getMessage());
        } catch (InterruptedException e) {
            cancel();
            return new Result(host, HostStatuses.STOPPED, null, null);
        }
    }

    /**
     * Sends a cell too long for a command line over its own channel into a private file on the host, and returns the
     * file's path; {@link RemoteCommand#runFile} runs and removes it.
     */
    private String upload(String code) throws JSchException, IOException, InterruptedException {
        ChannelExec up = (ChannelExec) session.openChannel("exec");
        try {
            up.setCommand(RemoteCommand.upload());
            up.setInputStream(new ByteArrayInputStream(code.getBytes(StandardCharsets.UTF_8)));
            InputStream out = up.getInputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            up.setErrStream(err);
            up.connect((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
            String path = new String(out.readAllBytes(), StandardCharsets.UTF_8).strip();
            while (!up.isClosed()) {
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            }
            if (up.getExitStatus() != 0 || !path.startsWith("/")) {
                throw new IOException("cannot send the cell (" + code.length() + " characters) to the host as a file: "
                        + err.toString(StandardCharsets.UTF_8).strip());
            }
            return path;
        } finally {
            up.disconnect();
        }
    }

    private Result await(ChannelExec ch, Thread outPump, Thread errPump) throws InterruptedException {
        long deadline = commandTimeout == null ? Long.MAX_VALUE : System.nanoTime() + commandTimeout.toNanos();
        while (!ch.isClosed() && !cancelled) {
            if (System.nanoTime() > deadline) {
                cancel();
                outPump.join(Duration.ofSeconds(1));
                errPump.join(Duration.ofSeconds(1));
                return new Result(
                        target.host(),
                        HostStatuses.TIMED_OUT,
                        null,
                        "no exit after " + commandTimeout.toMillis() + " ms");
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
        outPump.join(Duration.ofSeconds(2));
        errPump.join(Duration.ofSeconds(2));
        if (cancelled) {
            return new Result(target.host(), HostStatuses.STOPPED, null, null);
        }
        int exit = ch.getExitStatus();
        ch.disconnect();
        if (exit == 0) {
            return new Result(target.host(), HostStatuses.OK, 0, null, tail());
        }
        return new Result(
                target.host(),
                HostStatuses.FAILED,
                exit < 0 ? null : exit,
                exit < 0 ? "the channel closed without an exit status" : "exit code " + exit,
                tail());
    }

    private void pump(InputStream in, Stream stream) {
        byte[] buffer = new byte[BUFFER];
        try (in) {
            if (stream == Stream.STDOUT) {
                readPidLine(in);
            }
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (n > 0) {
                    output.write(stream, target.host(), buffer, 0, n);
                    keep(buffer, n);
                }
            }
        } catch (IOException e) {
            // the channel was closed under us (stop or timeout): nothing more comes
        }
    }

    private void keep(byte[] buffer, int n) {
        synchronized (tail) {
            tail.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.UTF_8));
            if (tail.length() > TAIL) {
                tail.delete(0, tail.length() - TAIL);
            }
        }
    }

    private String tail() {
        synchronized (tail) {
            return tail.toString();
        }
    }

    /** Reads the wrapper's first line (see {@link RemoteCommand}); passes it on if it is not ours after all. */
    private void readPidLine(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n' && line.size() < 64) {
            line.write(b);
        }
        java.util.OptionalLong pid = RemoteCommand.pid(line.toByteArray());
        if (pid.isPresent()) {
            remotePid = pid.getAsLong();
        } else {
            if (b >= 0) {
                line.write(b);
            }
            output.write(Stream.STDOUT, target.host(), line.toByteArray(), 0, line.size());
        }
    }

    /**
     * Ends the remote command: SIGTERM to it (OpenSSH delivers channel signals since 7.9), then the channel is
     * closed, which also ends the output pumps. The connection itself stays for the next cell.
     */
    void cancel() {
        cancelled = true;
        ChannelExec ch = channel;
        if (ch != null && ch.isConnected()) {
            try {
                ch.sendSignal("TERM");
            } catch (Exception ignored) {
                // the channel may be closing already; the kill below is what matters
            }
            killRemoteGroup();
            ch.disconnect();
        }
    }

    /** {@code kill -- -PID} over a second channel of the same connection, waiting at most two seconds for it. */
    private void killRemoteGroup() {
        long pid = remotePid;
        Session s = session;
        if (pid <= 0 || s == null || !s.isConnected()) {
            return;
        }
        ChannelExec killer = null;
        try {
            killer = (ChannelExec) s.openChannel("exec");
            killer.setCommand(RemoteCommand.kill(pid));
            killer.setInputStream(null);
            killer.connect(2000);
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (!killer.isClosed() && System.nanoTime() < deadline) {
                Thread.sleep(POLL_MILLIS);
            }
        } catch (JSchException e) {
            // the connection is going away; the channel close that follows is all we can do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (killer != null) {
                killer.disconnect();
            }
        }
    }

    private static String reason(JSchException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !m.contains(cause.getMessage())) {
            m = m + ": " + cause.getMessage();
        }
        return m;
    }
}
