package dev.tejun.kernel.exec.remote;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Test fixture: a local account with a password, for real password logins over SSH. Created once if missing
 * (the tests run as root, as {@code ./tejun test} does) and given a new random password by every test class that
 * uses it, so no password is ever fixed anywhere.
 */
public final class LoginAccount {

    public static final String NAME = "tejun-ssh-test";

    private LoginAccount() {}

    /** Creates the account if it is missing and sets its password. */
    public static void ensure(String password) throws IOException, InterruptedException {
        if (run(List.of("id", "-u", NAME), null) != 0) {
            int created = run(
                    List.of(
                            "useradd",
                            "--system",
                            "--home-dir",
                            "/tmp",
                            "--no-create-home",
                            "--shell",
                            "/bin/sh",
                            NAME),
                    null);
            if (created != 0) {
                throw new IllegalStateException(
                        "useradd " + NAME + " failed: these tests need root, as ./tejun test runs");
            }
        }
        if (run(List.of("chpasswd"), NAME + ":" + password + "\n") != 0) {
            throw new IllegalStateException("chpasswd failed for " + NAME);
        }
    }

    private static int run(List<String> command, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        return p.waitFor();
    }
}
