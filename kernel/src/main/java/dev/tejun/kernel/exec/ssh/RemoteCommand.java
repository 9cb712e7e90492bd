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

    /**
     * Above this many UTF-8 bytes a cell is sent as a file, not as the command line: Linux takes at most 128 KiB in
     * one argument (MAX_ARG_STRLEN), and the quoted cell is one argument of the remote shell.
     */
    static final int LONGEST_ARGUMENT = 96 * 1024;

    static String wrap(String code) {
        return "echo " + PID_PREFIX + "$$; exec \"${SHELL:-/bin/sh}\" -c " + quote(code);
    }

    /** True when {@code code} is too long for {@link #wrap} and goes through {@link #upload} and {@link #runFile}. */
    static boolean tooLongForArgument(String code) {
        return code.length() > LONGEST_ARGUMENT / 3 && code.getBytes(StandardCharsets.UTF_8).length > LONGEST_ARGUMENT;
    }

    /** Reads the cell from stdin into a new file only the login user can read, and prints the file's path. */
    static String upload() {
        return "umask 077; f=$(mktemp \"${TMPDIR:-/tmp}/tejun-cell.XXXXXX\") && cat > \"$f\" && echo \"$f\"";
    }

    /**
     * As {@link #wrap}, for a cell {@link #upload uploaded} to {@code path}: the login shell reads it with {@code .}
     * (the same shell semantics as {@code -c}) and removes it when it exits, whatever the cell's status.
     */
    static String runFile(String path) {
        return "echo " + PID_PREFIX + "$$; exec \"${SHELL:-/bin/sh}\" -c " + quote("trap 'rm -f \"$0\"' EXIT; . \"$0\"")
                + " " + quote(path);
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
