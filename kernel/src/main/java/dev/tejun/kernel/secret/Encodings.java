package dev.tejun.kernel.secret;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The forms of a secret that a cell prints with one command ({@code xxd -p}, {@code base64}): hex in either case,
 * and base64 (standard and URL alphabets) at each of the three alignments the secret can have inside a longer
 * encoded text, keeping only the characters that depend on the secret's bytes alone. Short secrets have no
 * encoded forms: their encodings are too short to tell from ordinary output.
 */
final class Encodings {

    /** Bytes a secret needs before its encodings are masked too. */
    static final int MIN_BYTES = 6;

    private Encodings() {}

    static List<String> of(String secret) {
        byte[] b = secret.getBytes(StandardCharsets.UTF_8);
        if (b.length < MIN_BYTES) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        out.add(HexFormat.of().formatHex(b));
        out.add(HexFormat.of().withUpperCase().formatHex(b));
        for (int lead = 0; lead < 3; lead++) {
            String std = aligned(b, lead);
            out.add(std);
            out.add(std.replace('+', '-').replace('/', '_'));
        }
        return out;
    }

    /** The base64 characters that only the secret's bits decide when {@code lead} bytes come before it. */
    private static String aligned(byte[] secret, int lead) {
        byte[] padded = new byte[lead + secret.length];
        System.arraycopy(secret, 0, padded, lead, secret.length);
        String all = Base64.getEncoder().withoutPadding().encodeToString(padded);
        int firstBit = 8 * lead;
        int endBit = 8 * (lead + secret.length);
        int from = (firstBit + 5) / 6; // the first character whose six bits all lie inside the secret
        int to = endBit / 6; // one past the last such character
        return all.substring(from, Math.min(to, all.length()));
    }
}
