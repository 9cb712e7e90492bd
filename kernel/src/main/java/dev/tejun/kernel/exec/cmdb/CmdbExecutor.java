package dev.tejun.kernel.exec.cmdb;

import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.store.StorageException;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.exec.remote.CellSettings;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs {@code cmdb} cells. The query runs on a worker thread so that the session's thread can give up on it: a
 * thread blocked inside SQLite does not notice an interrupt, so on a timeout or a stop the statement is interrupted
 * from here ({@code sqlite3_interrupt}) and the cell ends at once.
 */
final class CmdbExecutor implements Executor {

    /** How long a cancelled query may take to notice; it is re-interrupted meanwhile. */
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(5);

    private static final Pattern NO_TABLE = Pattern.compile("no such table: ([\\w.]+)");
    private static final int SQLITE_READONLY = 8;

    private final CmdbStore store;
    private final ExecutorService workers = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("cmdb-query-", 0).factory());
    private final Set<Query> running = ConcurrentHashMap.newKeySet();

    CmdbExecutor(CmdbStore store) {
        this.store = store;
    }

    @Override
    public CellOutcome execute(CellRequest request, Output output) {
        if (Thread.currentThread().isInterrupted()) {
            return CellOutcome.stopped();
        }
        Query query;
        CmdbScope scope;
        TableInto into;
        try {
            scope = CmdbScope.of(request, store);
            into = TableInto.of(store, new CellSettings(request.attributes()));
            query = new Query(
                    store,
                    CellOptions.of(scope, request.attributes()),
                    QueryText.single(request.code()),
                    request.bound());
        } catch (IllegalArgumentException e) {
            return CellOutcome.failed(null, e.getMessage());
        } catch (QueryText.Refused | CellSettings.Refused e) {
            return CellOutcome.failed(null, e.getMessage());
        }
        if (scope.scoped()) {
            output.stderr(scope.evidenceLine());
        }
        running.add(query);
        try {
            Future<ResultTable> future = workers.submit(query::run);
            ResultTable table = await(future, request.timeout());
            output.stdout(table.text());
            output.result(ResultTable.MIME, table.json());
            return into == null
                    ? CellOutcome.ok(null, String.valueOf(table.rows().size()))
                    : into.store(table, request, output);
        } catch (TimeoutException e) {
            cancel(query);
            return CellOutcome.timedOut(request.timeout());
        } catch (InterruptedException e) {
            cancel(query);
            Thread.currentThread().interrupt();
            return CellOutcome.stopped();
        } catch (ExecutionException e) {
            return CellOutcome.failed(null, message(e.getCause()));
        } finally {
            running.remove(query);
        }
    }

    private static ResultTable await(Future<ResultTable> future, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (timeout == null) {
            return future.get();
        }
        return future.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    }

    /** Interrupts the query until its worker lets go, so no statement outlives its cell. */
    private static void cancel(Query query) {
        long deadline = System.nanoTime() + CANCEL_WAIT.toNanos();
        boolean interrupted = Thread.interrupted();
        try {
            do {
                query.cancel();
            } while (!query.awaitEnd(Duration.ofMillis(50)) && System.nanoTime() < deadline);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String message(Throwable cause) {
        return switch (cause) {
            case QueryText.Refused refused -> refused.getMessage();
            case SQLException e
            when e.getErrorCode() == SQLITE_READONLY -> "the query tries to write. " + QueryText.READ_ONLY;
            case SQLException e -> sqlMessage(e);
            case StorageException e -> e.getMessage();
            case CancellationException e -> "cancelled";
            default -> "query failed: " + cause;
        };
    }

    private String sqlMessage(SQLException e) {
        String text = String.valueOf(e.getMessage());
        Matcher m = NO_TABLE.matcher(text);
        if (m.find()) {
            String sheets = store.sheets().stream().map(SheetDef::name).collect(Collectors.joining(", "));
            return "no sheet named '" + m.group(1) + "' (sheets: " + sheets + ")";
        }
        // sqlite-jdbc wraps SQLite's own message as "[CODE] description (message)"; the message is what helps
        int open = text.indexOf(" (");
        return open > 0 && text.endsWith(")") ? "SQL error: " + text.substring(open + 2, text.length() - 1) : text;
    }

    @Override
    public void close() {
        running.forEach(CmdbExecutor::cancel);
        workers.shutdownNow();
    }
}
