package dev.tejun.server.auth;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;

/**
 * The first start: with no user at all, an {@code admin} is made with the password from
 * {@code TEJUN_ADMIN_PASSWORD}, or a random one written only to {@code DATA/initial-admin-password}
 * (readable by the owner only; the console says where, never the password). There is no default password.
 */
public final class FirstAdmin {

    public static final String ENV = "TEJUN_ADMIN_PASSWORD";
    public static final String FILE = "initial-admin-password";

    private FirstAdmin() {}

    /** Makes the admin if there is no user; returns true when it did. */
    public static boolean ensure(UserStore users, String fromEnv, Path dataDir, PrintStream console)
            throws IOException {
        if (!users.isEmpty()) {
            return false;
        }
        if (fromEnv != null && !fromEnv.isBlank()) {
            try {
                users.create("admin", fromEnv, EnumSet.of(Role.ADMIN));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(ENV + ": " + e.getMessage(), e);
            }
            console.println("Tejun: created user 'admin' with the password from " + ENV);
            return true;
        }
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Path file = dataDir.resolve(FILE);
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        users.create("admin", password, EnumSet.of(Role.ADMIN));
        // Not the password itself: the console is often a log that others read or that is shipped elsewhere.
        console.println("Tejun: created user 'admin'; its password is in " + file
                + " (readable by this OS user only); sign in, change it on the tokens page, and delete the file");
        return true;
    }
}
