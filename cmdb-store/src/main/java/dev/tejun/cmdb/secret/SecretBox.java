package dev.tejun.cmdb.secret;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts SECRET column values with AES-256-GCM under a key kept in a file of the data directory. The key file
 * is created on first use, readable by its owner only (0600). Each value gets a fresh 96-bit nonce; the
 * sheet and column are bound in as associated data, so a ciphertext copied into another column fails to open.
 *
 * <p>Stored form: {@code enc:v1:} + base64(nonce ‖ ciphertext ‖ tag).
 */
public final class SecretBox {

    private static final String PREFIX = "enc:v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Path keyFile;
    private final SecureRandom random = new SecureRandom();
    private volatile SecretKeySpec key;

    public SecretBox(Path keyFile) {
        this.keyFile = keyFile;
    }

    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    public String seal(String sheet, String column, String plain) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(sheet, column));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt secret", e);
        }
    }

    public String open(String sheet, String column, String stored) {
        if (!isSealed(stored)) {
            throw new IllegalArgumentException("not a sealed secret");
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(aad(sheet, column));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "cannot decrypt secret of " + sheet + "." + column + " (wrong key file " + keyFile + "?)", e);
        }
    }

    private static byte[] aad(String sheet, String column) {
        return (sheet + "\u0000" + column).getBytes(StandardCharsets.UTF_8);
    }

    private SecretKeySpec key() {
        SecretKeySpec k = key;
        if (k == null) {
            synchronized (this) {
                if (key == null) {
                    key = new SecretKeySpec(loadOrCreate(), "AES");
                }
                k = key;
            }
        }
        return k;
    }

    private byte[] loadOrCreate() {
        try {
            if (!Files.exists(keyFile)) {
                create();
            }
            byte[] bytes = Base64.getDecoder().decode(Files.readString(keyFile).strip());
            if (bytes.length != 32) {
                throw new IllegalStateException("key file " + keyFile + " does not hold a 256-bit key");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key file " + keyFile, e);
        }
    }

    private void create() throws IOException {
        Files.createDirectories(keyFile.toAbsolutePath().getParent());
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        Path tmp = keyFile.resolveSibling(
                keyFile.getFileName() + ".tmp" + ProcessHandle.current().pid());
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, Base64.getEncoder().encodeToString(bytes) + "\n");
        try {
            // No REPLACE_EXISTING: if another process made the key meanwhile, theirs wins and we read it.
            Files.move(tmp, keyFile);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(tmp);
        }
    }
}
