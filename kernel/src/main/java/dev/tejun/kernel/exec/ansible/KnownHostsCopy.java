package dev.tejun.kernel.exec.ansible;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server's {@code known_hosts} as an ansible cell sees it: a copy in its work folder, since the data folder is
 * hidden from cells. After an {@code accept-new} run, the keys it learnt come back, but only for the run's own hosts
 * that the server did not know yet: a cell that rewrote its copy cannot replace or add a key for a known host.
 * OpenSSH may write hashed entries ({@code |1|salt|hmac}, Debian's HashKnownHosts), matched here by their HMAC.
 */
record KnownHostsCopy(Path real, Path copy) {

    static KnownHostsCopy into(Path real, Path copy) throws IOException {
        if (Files.exists(real)) {
            Files.copy(real, copy, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.writeString(copy, "");
        }
        return new KnownHostsCopy(real, copy);
    }

    /** How OpenSSH names a host in known_hosts. */
    static String hostName(String address, int port) {
        return port == 22 ? address : "[" + address + "]:" + port;
    }

    void keepNewHosts(List<String> hosts) throws IOException {
        if (!Files.exists(copy)) {
            return;
        }
        List<String> before = Files.exists(real) ? Files.readAllLines(real, StandardCharsets.UTF_8) : List.of();
        Set<String> old = new HashSet<>(before);
        List<String> learnt = new ArrayList<>();
        for (String host : hosts) {
            if (before.stream().anyMatch(l -> names(l, host))) {
                continue;
            }
            for (String line : Files.readAllLines(copy, StandardCharsets.UTF_8)) {
                if (!old.contains(line) && !learnt.contains(line) && names(line, host)) {
                    learnt.add(line);
                }
            }
        }
        if (!learnt.isEmpty()) {
            Files.createDirectories(real.toAbsolutePath().getParent());
            Files.writeString(
                    real,
                    String.join("\n", learnt) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    static boolean names(String line, String host) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#") || l.startsWith("@")) {
            return false;
        }
        String field = l.split("\\s+", 2)[0];
        if (!field.startsWith("|1|")) {
            return List.of(field.split(",")).contains(host);
        }
        String[] parts = field.split("\\|");
        if (parts.length != 4) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(parts[2]), "HmacSHA1"));
            byte[] want = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(want, mac.doFinal(host.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
