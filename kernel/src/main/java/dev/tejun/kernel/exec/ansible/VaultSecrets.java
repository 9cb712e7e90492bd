package dev.tejun.kernel.exec.ansible;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.exec.remote.CellSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The clear values behind Ansible Vault in a playbook's folder, so that they are masked in the cell's output like
 * any other secret: a task that prints a vaulted password prints {@code ********}. Whole vaulted files (vars files
 * read as YAML: each value) and inline {@code !vault |} values are opened with the cell's vault password, in
 * Java, as Ansible does (format 1.1/1.2, AES256: PBKDF2-SHA256 10,000 rounds, HMAC-SHA256 over AES-CTR).
 */
final class VaultSecrets {

    private static final String HEADER = "$ANSIBLE_VAULT;";
    private static final Pattern INLINE =
            Pattern.compile("!vault\\s*\\|[-+]?[ \\t]*\\r?\\n((?:[ \\t]+\\S.*(?:\\r?\\n|$))+)");
    private static final long MAX_FILE = 1 << 20;

    private VaultSecrets() {}

    /**
     * Every clear value found in the texts (the playbook) and the folder's files.
     *
     * @throws CellSettings.Refused when the password does not open one of them, naming it
     */
    static List<String> open(String password, String playbook, Path folder) throws IOException, CellSettings.Refused {
        List<String> values = new ArrayList<>();
        values.add(password);
        collect(password, playbook, "the playbook", values);
        if (folder != null) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    if (Files.size(f) <= MAX_FILE) {
                        String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
                        if (text.contains(HEADER)) {
                            collect(password, text, folder.relativize(f).toString(), values);
                        }
                    }
                }
            }
        }
        return values;
    }

    private static void collect(String password, String text, String where, List<String> values)
            throws CellSettings.Refused {
        if (text.startsWith(HEADER)) {
            String clear = decrypt(password, text, where);
            try {
                JsonNode tree = Json.YAML.readTree(clear);
                if (tree != null && tree.isContainerNode()) {
                    leaves(tree, values);
                    return;
                }
            } catch (IOException notYaml) {
                // a vaulted file that is not YAML (a key, a certificate): the whole of it is the secret
            }
            values.add(clear.strip());
            return;
        }
        Matcher m = INLINE.matcher(text);
        while (m.find()) {
            String block = m.group(1).lines().map(String::strip).reduce("", (a, b) -> a + b + "\n");
            if (block.startsWith(HEADER)) {
                values.add(decrypt(password, block, where));
            }
        }
    }

    private static void leaves(JsonNode node, List<String> values) {
        if (node.isContainerNode()) {
            node.forEach(child -> leaves(child, values));
        } else if (!node.isNull() && !node.asText().isBlank()) {
            values.add(node.asText());
        }
    }

    /** Opens one vaulted text; refused (naming {@code where}) when the password is not the one it was sealed with. */
    static String decrypt(String password, String vaulted, String where) throws CellSettings.Refused {
        List<String> lines = vaulted.strip().lines().toList();
        String[] header = lines.getFirst().strip().split(";");
        if (header.length < 3 || !header[2].strip().equals("AES256")) {
            throw new CellSettings.Refused(where + ": vault format "
                    + lines.getFirst().strip() + " is not one Tejun " + "can open (1.1 or 1.2, AES256)");
        }
        try {
            HexFormat hex = HexFormat.of();
            String body = new String(
                    hex.parseHex(String.join("", lines.subList(1, lines.size()))), StandardCharsets.US_ASCII);
            String[] parts = body.split("\n");
            byte[] salt = hex.parseHex(parts[0].strip());
            byte[] hmac = hex.parseHex(parts[1].strip());
            byte[] cipherText = hex.parseHex(parts[2].strip());
            byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, 10_000, 80 * 8))
                    .getEncoded();
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(derived, 32, 32, "HmacSHA256"));
            if (!MessageDigest.isEqual(mac.doFinal(cipherText), hmac)) {
                throw new CellSettings.Refused(
                        where + " does not open with the cell's vault-password: a different " + "password sealed it");
            }
            Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
            aes.init(
                    Cipher.DECRYPT_MODE,
                    new SecretKeySpec(derived, 0, 32, "AES"),
                    new IvParameterSpec(derived, 64, 16));
            byte[] padded = aes.doFinal(cipherText);
            int pad = padded.length == 0 ? 0 : padded[padded.length - 1] & 0xff;
            int length = pad > 0 && pad <= 16 ? padded.length - pad : padded.length;
            return new String(padded, 0, length, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new CellSettings.Refused(where + ": the vaulted text is damaged (" + e.getMessage() + ")");
        }
    }
}
