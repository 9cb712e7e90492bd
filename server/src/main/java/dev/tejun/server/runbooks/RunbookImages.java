package dev.tejun.server.runbooks;

import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.server.ApiException;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/runbook-images/<name>}: an image beside a runbook, for its prose ({@code ![plan](img/plan.png)}).
 * Only images, only inside the runbooks folder (the folder's own check: no {@code ..}, no link out), never from a
 * hidden folder ({@code .git}, a data folder kept beside the runbooks), and never as anything a browser would run:
 * the type comes from the name, sniffing is off, and an SVG is sandboxed without scripts.
 */
public final class RunbookImages {

    /** An image larger than this is refused: prose shows diagrams and screenshots, not archives. */
    static final long MAX_BYTES = 20L * 1024 * 1024;

    private static final Map<String, String> TYPES = Map.of(
            "png", "image/png",
            "jpg", "image/jpeg",
            "jpeg", "image/jpeg",
            "gif", "image/gif",
            "webp", "image/webp",
            "svg", "image/svg+xml");

    private final RunbookFolder folder;

    public RunbookImages(RunbookFolder folder) {
        this.folder = folder;
    }

    public void get(Context ctx) throws IOException {
        String name = ctx.pathParam("name");
        String type = TYPES.get(extension(name));
        if (type == null) {
            throw ApiException.badRequest("not an image: " + name + " (png, jpg, gif, webp or svg)");
        }
        for (String part : name.split("[/\\\\]")) {
            if (part.startsWith(".")) {
                throw ApiException.badRequest("hidden folders and files are not served: " + name);
            }
        }
        Path file = folder.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw ApiException.notFound("no image " + name);
        }
        if (Files.size(file) > MAX_BYTES) {
            throw ApiException.badRequest("image " + name + " is larger than " + (MAX_BYTES >> 20) + " MiB");
        }
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox");
        ctx.header("Cache-Control", "private, max-age=60");
        ctx.contentType(type).result(Files.readAllBytes(file));
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
