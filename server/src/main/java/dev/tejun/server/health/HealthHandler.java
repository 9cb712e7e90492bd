package dev.tejun.server.health;

import io.javalin.http.Context;
import java.util.Map;

/**
 * {@code GET /api/health}: the server is up (liveness). Cheap on purpose, so scripts can poll it while the server
 * starts. {@code GET /api/health/ready}: it can work ({@link Readiness}); 503 with the failed checks when not.
 */
public final class HealthHandler {

    public record Health(String status, String version) {}

    public record Ready(String status, Map<String, String> checks) {}

    private final Health health;
    private final Readiness readiness;

    /** @param readiness the readiness checks, or null for a server that has none (every probe then answers ready) */
    public HealthHandler(String version, Readiness readiness) {
        this.health = new Health("ok", version);
        this.readiness = readiness;
    }

    public HealthHandler(String version) {
        this(version, null);
    }

    public void get(Context ctx) {
        ctx.json(health);
    }

    public void ready(Context ctx) {
        Map<String, String> checks = readiness == null ? Map.of() : readiness.check();
        boolean ok = checks.values().stream().allMatch(v -> v.startsWith("ok"));
        ctx.status(ok ? 200 : 503).json(new Ready(ok ? "ready" : "not ready", checks));
    }
}
