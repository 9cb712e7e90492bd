package dev.tejun.server.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The UI's pages ({@code /}, {@code /NAME.html}), served with their scripts, style sheets and icons named by their
 * versioned names ({@link WebAssets}), so that a page load asks the server only for the page itself: the page is
 * always asked for again ({@code no-cache}; a 304 when it is the same build) and passes the sign-in check as every
 * request does. Links to other pages and to the API are left as they are. Each page is read and rewritten once.
 */
public final class UiPages {

    /** A relative src/href naming one of the UI's own files (a page's links to other pages are not files). */
    static final Pattern ASSET =
            Pattern.compile("\\b(src|href)=\"(?![a-z]+:|/|#|\\?)([^\"?#]+\\.(?:js|css|svg|png))\"");

    private final Map<String, Optional<byte[]>> pages = new ConcurrentHashMap<>();

    /** Answers a GET of a page and skips the rest; anything else is left to the static files. */
    public void serve(Context ctx) {
        if (!ctx.method().name().equals("GET")) {
            return;
        }
        String path = ctx.path();
        if (path.equals("/")) {
            path = "/index.html";
        }
        if (path.indexOf('/', 1) >= 0 || !path.endsWith(".html") || path.contains("..")) {
            return;
        }
        Optional<byte[]> page = pages.computeIfAbsent(path, UiPages::read);
        if (page.isEmpty()) {
            return;
        }
        String etag = "\"" + WebAssets.prefix().substring(WebAssets.ROOT.length()) + "\"";
        ctx.header("Cache-Control", "no-cache");
        ctx.header("ETag", etag);
        ctx.skipRemainingHandlers();
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(page.get());
    }

    private static Optional<byte[]> read(String path) {
        try (InputStream in = UiPages.class.getResourceAsStream(StaticUi.FOLDER + path)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(rewrite(new String(in.readAllBytes(), StandardCharsets.UTF_8), WebAssets.prefix())
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page with each relative name of one of the UI's files put under {@code prefix}. */
    static String rewrite(String html, String prefix) {
        return ASSET.matcher(html)
                .replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "=\"" + prefix + "/" + m.group(2) + "\""));
    }
}
