package dev.tejun.server.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The UI's files under a name that changes whenever any of them does: {@code /v/ID/notebook/notebook.js} is the
 * file {@code /notebook/notebook.js} of the web folder whose contents hash to ID. Such a file never changes, so the
 * browser keeps it for a year without asking again ({@link #CACHE}); a page (always asked for, always checked for a
 * sign-in) names its scripts and style sheets that way, and the modules' relative imports stay under the same ID. A
 * server with other files has another ID, so an upgrade never mixes old modules with new ones. Nothing about who may
 * read what changes: every request that reaches the server is checked as before (the browser only stops
 * revalidating ~30 files per page load, each a sign-in lookup in the database).
 */
public final class WebAssets {

    /** Where every versioned name starts. */
    static final String ROOT = "/v/";
    /** A file under a versioned name: kept by the browser, never revalidated, not kept by shared caches. */
    static final String CACHE = "private, max-age=31536000, immutable";

    private static volatile String prefix;

    private WebAssets() {}

    /** {@code /v/ID}: the versioned names' prefix for the web folder on the class path. */
    public static String prefix() {
        String p = prefix;
        if (p == null) {
            p = ROOT + id(StaticUi.class.getResource(StaticUi.FOLDER));
            prefix = p;
        }
        return p;
    }

    /** The path a versioned name stands for ({@code /v/ID/x.js} → {@code /x.js}); any other path as it is. */
    public static String unversioned(String path) {
        String p = prefix();
        return path.startsWith(p + "/") ? path.substring(p.length()) : path;
    }

    /** The first 12 hex digits of a SHA-256 over every file's name and contents (a jar's: name, size, CRC-32). */
    static String id(URL folder) {
        if (folder == null) {
            return "none"; // a server built without the web-ui resources
        }
        Map<String, String> files = new TreeMap<>();
        try {
            if (folder.getProtocol().equals("jar")) {
                JarURLConnection c = (JarURLConnection) folder.openConnection();
                c.setUseCaches(false);
                try (JarFile jar = c.getJarFile()) {
                    String under = c.getEntryName() + "/";
                    jar.stream()
                            .filter(e -> !e.isDirectory() && e.getName().startsWith(under))
                            .forEach(e -> files.put(e.getName(), e.getSize() + ":" + e.getCrc()));
                }
            } else {
                Path root = Path.of(folder.toURI());
                List<Path> all;
                try (Stream<Path> walk = Files.walk(root)) {
                    all = walk.filter(Files::isRegularFile).toList();
                }
                for (Path f : all) {
                    files.put(root.relativize(f).toString(), HexFormat.of().formatHex(sha256(Files.readAllBytes(f))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder all = new StringBuilder();
        files.forEach((name, sum) -> all.append(name).append('\0').append(sum).append('\n'));
        return HexFormat.of()
                .formatHex(sha256(all.toString().getBytes(StandardCharsets.UTF_8)))
                .substring(0, 12);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
