package dev.tejun.kernel.cmdb;

import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.Channel;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/** Test fixture: a real CMDB file with a typed HOST sheet {@code web}, three hosts and a clock moved by hand. */
public final class TestCmdb implements AutoCloseable {

    public static final Actor ALICE = new Actor("alice", Channel.API);

    public final HandClock clock = new HandClock(Instant.parse("2026-10-01T09:00:00Z"));
    public final CmdbStore store;

    public TestCmdb(Path dir) {
        store = new CmdbStore(TestDatabases.settings(dir), clock);
        store.putSheet(
                SheetDef.host(
                        "web",
                        "Web servers",
                        ColumnDef.of("port", ColumnType.INTEGER),
                        ColumnDef.of("ratio", ColumnType.DECIMAL),
                        ColumnDef.of("tls", ColumnType.BOOLEAN),
                        ColumnDef.of("since", ColumnType.DATE),
                        ColumnDef.of("server_name", ColumnType.STRING),
                        ColumnDef.of("token", ColumnType.SECRET)),
                ALICE);
        for (String host : new String[] {"web1", "web2", "db1.example.com"}) {
            store.register(
                    "hosts",
                    RowDraft.host(
                            host, Map.of("address", "10.0.0." + (host.length()), "groups", "all_" + host.charAt(0))),
                    ALICE);
        }
    }

    @Override
    public void close() {
        store.close();
    }

    /** A clock tests move by hand. */
    public static final class HandClock extends Clock {
        private volatile Instant now;

        HandClock(Instant start) {
            now = start;
        }

        public Instant advance(Duration by) {
            now = now.plus(by);
            return now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
