package dev.tejun.server.audit;

import dev.tejun.cmdb.db.Schema;
import java.util.List;

/**
 * The server's tables (users, tokens, audit log, run index, schedules, events, activations) as one ordered set of
 * migrations, {@code db/migration/server}. Every server store migrates it as it is made (once per process).
 *
 * <p>Before Flyway these were two sets, {@code db/migration/server} and {@code db/migration/sched}; the sched
 * ones are now V14–V16, and the audit log's triggers moved into the dialect folder (V2.1).
 */
public final class ServerSchema {

    private static final String SERVER = "db/migration/server";
    private static final String SCHED = "db/migration/sched";

    public static final Schema SCHEMA = new Schema(
            "server",
            ServerSchema.class.getClassLoader(),
            "166",
            List.of(
                    new Schema.Legacy(SERVER, 1, SERVER + "/V1__users_tokens.sql"),
                    new Schema.Legacy(
                            SERVER,
                            2,
                            SERVER + "/V2__audit_log.sql",
                            "db/dialect/sqlite/server/V2_1__audit_log_append_only.sql"),
                    new Schema.Legacy(SERVER, 3, SERVER + "/V3__runs_index.sql"),
                    new Schema.Legacy(SERVER, 4, SERVER + "/V4__users_disabled.sql"),
                    new Schema.Legacy(SERVER, 5, SERVER + "/V5__run_stop_requests.sql"),
                    new Schema.Legacy(SERVER, 6, SERVER + "/V6__runs_seen_at.sql"),
                    new Schema.Legacy(SERVER, 13, SERVER + "/V13__audit_mac.sql"),
                    new Schema.Legacy(SCHED, 1, SERVER + "/V14__schedules_and_events.sql"),
                    new Schema.Legacy(SCHED, 2, SERVER + "/V15__suppression.sql"),
                    new Schema.Legacy(SCHED, 3, SERVER + "/V16__schedule_activations.sql")));

    private ServerSchema() {}
}
