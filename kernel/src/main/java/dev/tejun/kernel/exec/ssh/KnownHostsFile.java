package dev.tejun.kernel.exec.ssh;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Host keys in an OpenSSH {@code known_hosts} file ({@code [address]:port type base64}, one per line), so that
 * the same file serves the {@code ssh} cells (through JSch) and Ansible (through OpenSSH). The file is read on
 * every check, so a key added by another session or by hand counts at once.
 *
 * <p>Why our own repository instead of JSch's: JSch knows only "yes", "no" and "ask"; OpenSSH's accept-new
 * (trust a first key, refuse a changed one) is the policy asked for, and it must never quietly replace a key.
 * Hashed entries ({@code |1|salt|hash}, written by {@code HashKnownHosts yes}, Debian's default) match as OpenSSH
 * matches them; {@code @cert-authority} lines are offered to JSch as certificate authorities, and
 * {@code @revoked} lines are skipped.
 */
final class KnownHostsFile implements HostKeyRepository {

    private static final Object WRITE_LOCK = new Object();

    private final Path file;
    private final HostKeyPolicy policy;

    KnownHostsFile(Path file, HostKeyPolicy policy) {
        this.file = file;
        this.policy = policy;
    }

    private record Entry(List<String> hosts, String type, String key) {
        boolean names(String host) {
            return hosts.contains(host) || hosts.stream().anyMatch(h -> hashedMatch(h, host));
        }
    }

    /** The fingerprints of the last changed key {@link #check} refused: "known SHA256:…, offered SHA256:…". */
    private volatile String changeSeen;

    String changeSeen() {
        return changeSeen;
    }

    /** OpenSSH's hashed host name: {@code |1|base64(salt)|base64(HMAC-SHA1(salt, host))}. */
    static boolean hashedMatch(String entry, String host) {
        if (!entry.startsWith("|1|")) {
            return false;
        }
        String[] parts = entry.substring(3).split("\\|");
        if (parts.length != 2) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(parts[0]), "HmacSHA1"));
            byte[] expected = Base64.getDecoder().decode(parts[1]);
            return MessageDigest.isEqual(expected, mac.doFinal(host.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** OpenSSH's fingerprint of a key: {@code SHA256:} and the unpadded base64 of the blob's digest. */
    static String fingerprint(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int check(String host, byte[] key) {
        String type = typeOf(key);
        String encoded = Base64.getEncoder().encodeToString(key);
        synchronized (WRITE_LOCK) {
            List<Entry> known = entries().stream().filter(e -> e.names(host)).toList();
            if (known.stream().anyMatch(e -> e.type().equals(type) && e.key().equals(encoded))) {
                return OK;
            }
            if (!known.isEmpty()) {
                // same type, other key: changed; other type only: the host showed a key we never saw for it
                Entry was = known.stream()
                        .filter(e -> e.type().equals(type))
                        .findFirst()
                        .orElse(known.getFirst());
                changeSeen = "known " + was.type() + " "
                        + fingerprint(Base64.getDecoder().decode(was.key())) + ", offered " + type + " "
                        + fingerprint(key);
                return CHANGED;
            }
            if (policy == HostKeyPolicy.ACCEPT_NEW) {
                append(host + " " + type + " " + encoded);
                return OK;
            }
            return NOT_INCLUDED;
        }
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        // JSch adds keys only under StrictHostKeyChecking=no or ask, which we never set; adding is check()'s job
    }

    @Override
    public void remove(String host, String type) {
        throw new UnsupportedOperationException("known_hosts entries are removed by hand");
    }

    @Override
    public void remove(String host, String type, byte[] key) {
        throw new UnsupportedOperationException("known_hosts entries are removed by hand");
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return file.toString();
    }

    @Override
    public HostKey[] getHostKey() {
        return getHostKey(null, null);
    }

    /** Lets JSch offer the key types we know for a host first, so a known host is not asked for another type. */
    @Override
    public HostKey[] getHostKey(String host, String type) {
        List<HostKey> out = new ArrayList<>();
        for (Entry e : entries()) {
            if ((host == null || e.names(host)) && (type == null || type.equals(e.type()))) {
                try {
                    out.add(new HostKey(
                            String.join(",", e.hosts()),
                            HostKey.GUESS,
                            Base64.getDecoder().decode(e.key())));
                } catch (JSchException | IllegalArgumentException ignored) {
                    // a key type JSch does not know cannot be offered; it still blocks check() from trusting another
                }
            }
        }
        if (host == null) {
            out.addAll(authorities());
        }
        return out.toArray(HostKey[]::new);
    }

    /** {@code @cert-authority PATTERNS TYPE KEY}: the CAs JSch checks a host certificate against. */
    private List<HostKey> authorities() {
        List<HostKey> out = new ArrayList<>();
        for (String line : lines()) {
            String[] f = line.split("\\s+");
            if (f.length >= 4 && f[0].equals("@cert-authority")) {
                try {
                    out.add(new HostKey(
                            f[0], f[1], HostKey.GUESS, Base64.getDecoder().decode(f[3]), null));
                } catch (JSchException | IllegalArgumentException ignored) {
                    // a CA key JSch cannot read cannot vouch for anyone
                }
            }
        }
        return out;
    }

    private List<String> lines() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (String l : lines()) {
            if (l.isEmpty() || l.startsWith("#") || l.startsWith("@")) {
                continue;
            }
            String[] f = l.split("\\s+");
            if (f.length >= 3) {
                out.add(new Entry(Arrays.asList(f[0].split(",")), f[1], f[2]));
            }
        }
        return out;
    }

    private void append(String line) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(
                    file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record a host key in " + file, e);
        }
    }

    /** The key type named at the start of an SSH public key blob (a uint32 length, then the name). */
    static String typeOf(byte[] key) {
        ByteBuffer b = ByteBuffer.wrap(key);
        int n = b.getInt();
        return new String(key, 4, n, StandardCharsets.US_ASCII);
    }
}
