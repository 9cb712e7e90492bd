package dev.tejun.kernel.exec.cmdb;

import dev.tejun.cmdb.store.CmdbStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One cell's query on its own read-only connection with the sheet views of the cell's scope. Runs on a worker
 * thread; {@link #cancel} may be called from any other thread and interrupts SQLite mid-statement.
 */
final class Query {

    private final CmdbStore store;
    private final CellOptions options;
    private final String sql;
    private final List<String> bound;
    private volatile boolean cancelled;
    private volatile Statement statement;
    private final CountDownLatch ended = new CountDownLatch(1);

    /** {@code bound}: the values of the query's {@code ?}, in order (see {@link SqlQuoting}). */
    Query(CmdbStore store, CellOptions options, String sql, List<String> bound) {
        this.store = store;
        this.options = options;
        this.sql = sql;
        this.bound = List.copyOf(bound);
    }

    ResultTable run() throws SQLException, QueryText.Refused {
        try {
            return query();
        } finally {
            ended.countDown();
        }
    }

    /** True once {@link #run} has returned or thrown. */
    boolean awaitEnd(Duration wait) {
        try {
            return ended.await(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ended.getCount() == 0;
        }
    }

    private ResultTable query() throws SQLException, QueryText.Refused {
        try (Connection c = store.openViews(options.asOf(), options.operation())) {
            TableGuard.check(c, sql);
            try (PreparedStatement st = c.prepareStatement(sql)) {
                for (int i = 0; i < bound.size(); i++) {
                    st.setString(i + 1, bound.get(i));
                }
                statement = st;
                checkCancelled();
                // execute, not executeQuery: a hidden write must reach the read-only connection and be refused there
                if (!st.execute()) {
                    throw new SQLException("the query returned no table");
                }
                try (ResultSet rs = st.getResultSet()) {
                    return read(rs);
                }
            }
        }
    }

    /** Interrupts the running statement; safe to call again (a first call can land before the statement starts). */
    void cancel() {
        cancelled = true;
        Statement st = statement;
        if (st != null) {
            try {
                st.cancel();
            } catch (SQLException ignored) {
                // the statement has already ended; nothing left to interrupt
            }
        }
    }

    private ResultTable read(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnLabel(i));
        }
        List<List<Object>> rows = new ArrayList<>();
        boolean truncated = false;
        while (rs.next()) {
            checkCancelled();
            if (rows.size() == options.limit()) {
                truncated = true;
                break;
            }
            List<Object> row = new ArrayList<>(columns.size());
            for (int i = 1; i <= columns.size(); i++) {
                row.add(plain(rs.getObject(i)));
            }
            rows.add(row);
        }
        return new ResultTable(columns, rows, truncated);
    }

    private void checkCancelled() {
        if (cancelled) {
            throw new CancellationException("cancelled");
        }
    }

    /** SQLite values as JSON can carry them. */
    private static Object plain(Object value) {
        return switch (value) {
            case null -> null;
            case Integer i -> i.longValue();
            case Double d when d.isNaN() || d.isInfinite() -> d.toString();
            case byte[] blob -> "<blob, " + blob.length + " bytes>";
            default -> value;
        };
    }
}
