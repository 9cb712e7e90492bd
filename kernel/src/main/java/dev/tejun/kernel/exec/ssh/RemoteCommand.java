package dev.tejun.kernel.exec.ssh;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * The command line sent to a host: the cell body, run by the login shell, preceded by one line that tells us the
 * shell's pid. sshd starts every command session with {@code setsid}, so that pid is also the process group of
 * everything the command starts, and a stop can end all of it with one {@code kill -- -PID} over a second
 * channel.
 *
 * <p>Why not the SSH "signal" request alone: sshd refuses it for root logins ("session signalling requires
 * privilege separation"), and then a stopped {@code sleep} would run on; the signal is still sent first.
 */
final class RemoteCommand {

    static final String PID_PREFIX = "tejun-pid:";

    private RemoteCommand() {}

    static String wrap(String code) {
        return "echo " + PID_PREFIX + "$$; exec \"${SHELL:-/bin/sh}\" -c " + quote(code);
    }

    static String kill(long pid) {
        return "kill -TERM -- -" + pid + " 2>/dev/null || kill -TERM " + pid + " 2>/dev/null; true";
    }

    /** Single quotes for a POSIX shell: nothing inside is special except the quote itself. */
    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /** The pid in the first line the command printed, if that line is ours. */
    static OptionalLong pid(byte[] firstLine) {
        String line = new String(firstLine, StandardCharsets.US_ASCII).strip();
        if (!line.startsWith(PID_PREFIX)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(line.substring(PID_PREFIX.length())));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
