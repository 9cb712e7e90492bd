package dev.tejun.kernel.folder;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A remote's URL as it may be shown. {@code https://alice:PASSWORD@host/repo.git} (or a token as the user part,
 * {@code https://TOKEN@host/…}) carries a secret that must reach no page, answer, audit entry or log: it is shown
 * as {@code https://alice:***@host/repo.git}, and any text about the remote (a Git error that quotes the URL) has
 * the secret replaced wherever it appears. SSH URLs name a login only ({@code ssh://git@host/…}) and stay as they are.
 */
public final class RemoteUrls {

    /** What stands for a hidden secret. */
    public static final String HIDDEN = "***";

    private static final Pattern USERINFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#@]*)@");

    private RemoteUrls() {}

    /** {@code url} with its password (or, over HTTP, a user part that may be a token) replaced by {@link #HIDDEN}. */
    public static String shown(String url) {
        if (url == null) {
            return null;
        }
        Matcher m = USERINFO.matcher(url);
        if (!m.find()) {
            return url;
        }
        String info = m.group(2);
        int colon = info.indexOf(':');
        String shownInfo;
        if (colon >= 0) {
            shownInfo = info.substring(0, colon) + ":" + HIDDEN;
        } else if (m.group(1).toLowerCase().startsWith("http")) {
            shownInfo = HIDDEN; // https://TOKEN@host: the user part is the secret
        } else {
            return url;
        }
        return m.group(1) + shownInfo + "@" + url.substring(m.end());
    }

    /** {@code text} with the URL shown as {@link #shown} shows it and its secret, as written or decoded, hidden. */
    public static String masked(String url, String text) {
        if (text == null || url == null) {
            return text;
        }
        String out = text.replace(url, shown(url));
        String secret = secret(url);
        if (secret != null && !secret.isEmpty()) {
            out = out.replace(secret, HIDDEN);
            String decoded = URLDecoder.decode(secret.replace("+", "%2B"), StandardCharsets.UTF_8);
            if (!decoded.isEmpty()) {
                out = out.replace(decoded, HIDDEN);
            }
        }
        return out;
    }

    /** The secret part of the URL's user info, or null when it has none. */
    private static String secret(String url) {
        Matcher m = USERINFO.matcher(url);
        if (!m.find()) {
            return null;
        }
        String info = m.group(2);
        int colon = info.indexOf(':');
        if (colon >= 0) {
            return info.substring(colon + 1);
        }
        return m.group(1).toLowerCase().startsWith("http") ? info : null;
    }
}
