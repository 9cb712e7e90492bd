package dev.tejun.server.health;

import io.javalin.http.Context;

/** {@code GET /api/health}: the server is up. Cheap on purpose, so scripts can poll it while the server starts. */
public final class HealthHandler {

    record Health(String status, String version) {}

    private final Health health;

    public HealthHandler(String version) {
        this.health = new Health("ok", version);
    }

    public void get(Context ctx) {
        ctx.json(health);
    }
}
