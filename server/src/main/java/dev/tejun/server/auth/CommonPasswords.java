package dev.tejun.server.auth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The passwords guessers try first ({@code common-passwords.txt} beside this class). Length alone lets
 * {@code password1234} through; this list does not. Matching ignores case and punctuation at the end, so
 * {@code Password1234!} is refused as well.
 */
final class CommonPasswords {

    private static final Set<String> LIST = load();

    private CommonPasswords() {}

    static boolean contains(String password) {
        String p = password.toLowerCase(Locale.ROOT);
        return LIST.contains(p)
                || LIST.contains(p.replaceAll("[\\p{Punct}\\s]+$", ""))
                || p.chars().distinct().count() <= 2;
    }

    private static Set<String> load() {
        Set<String> out = new HashSet<>();
        try (InputStream in = CommonPasswords.class.getResourceAsStream("common-passwords.txt");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line.strip().toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
