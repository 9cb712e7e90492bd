package dev.tejun.cmdb.store;

import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.DefinitionException;
import dev.tejun.cmdb.model.Operation;
import dev.tejun.cmdb.model.OperationStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The operation list (作業一覧): operations as records beside the rows keyed by their name ({@link CmdbStore#operations}).
 * Every change is one write transaction and stamps who and when; a change from a stale version is refused, as a
 * row's is.
 *
 * <p>Status moves as operations teams expect: planned → running when a run or flow starts for it, → done or failed
 * when the last one running ends (failed when that one failed); cancelled by a person unless something runs, and a
 * cancelled operation takes no more runs or edits.
 */
public final class OperationBook {

    private final StoreAccess access;

    OperationBook(StoreAccess access) {
        this.access = access;
    }

    public List<Operation> list() {
        return access.read(Operations::list);
    }

    public Optional<Operation> get(String name) {
        return access.read(c -> Operations.get(c, name));
    }

    /** @throws OperationRefused when an operation of that name exists */
    public Operation create(Operation.Draft draft, Actor actor) {
        return access.write(c -> {
            if (Operations.get(c, draft.name()).isPresent()) {
                throw new OperationRefused("operation " + draft.name() + " exists already");
            }
            Operations.insert(c, draft, access.now(), actor.user());
            return Operations.require(c, draft.name());
        });
    }

    /** Changes the planned time, owner and notes; the name stays (rows are keyed by it). */
    public Operation update(String name, long expectedVersion, Operation.Draft draft, Actor actor) {
        if (!name.equals(draft.name())) {
            throw new DefinitionException("name", "an operation keeps its name (rows are keyed by it): " + name);
        }
        return access.write(c -> {
            Operation now = current(c, name, expectedVersion);
            refuseCancelled(now);
            Operations.update(c, draft, now.status(), now.version(), access.now(), actor.user());
            return Operations.require(c, name);
        });
    }

    /** @throws OperationRefused while a run or flow of it is running, or when it is cancelled already */
    public Operation cancel(String name, long expectedVersion, Actor actor) {
        return access.write(c -> {
            Operation now = current(c, name, expectedVersion);
            refuseCancelled(now);
            if (now.status() == OperationStatus.RUNNING) {
                throw new OperationRefused("operation " + name + " is running: stop its runs first, then cancel it");
            }
            Operations.update(c, draft(now), OperationStatus.CANCELLED, now.version(), access.now(), actor.user());
            return Operations.require(c, name);
        });
    }

    /**
     * Before a run or flow reads an operation's parameters: the name must be an operation (a record, or rows keyed
     * by it from before records existed), and not a cancelled one.
     *
     * @throws NotFoundException naming the operation when nothing knows it
     * @throws OperationRefused  when it is cancelled
     */
    public void checkRunnable(String name) {
        access.read(c -> {
            Optional<Operation> op = Operations.get(c, name);
            if (op.isEmpty() && !Operations.usedByRows(c, name)) {
                throw new NotFoundException("unknown operation '" + name + "': no operation record and no CMDB row"
                        + " has it (see tejun cmdb operations list)");
            }
            op.ifPresent(OperationBook::refuseCancelled);
            return null;
        });
    }

    /**
     * A run or flow instance started for the operation: linked to it, and the operation is running. An operation
     * only rows knew so far gets its record here.
     */
    public Operation started(String name, Operation.LinkKind kind, String ref, Actor actor) {
        return access.write(c -> {
            Optional<Operation> found = Operations.get(c, name);
            if (found.isEmpty()) {
                if (!Operations.usedByRows(c, name)) {
                    throw new NotFoundException("unknown operation '" + name + "'");
                }
                Operations.insert(c, new Operation.Draft(name, null, null, ""), access.now(), actor.user());
                found = Operations.get(c, name);
            }
            Operation now = found.orElseThrow();
            refuseCancelled(now);
            Operations.link(c, name, new Operation.Link(kind, ref, access.now(), null));
            Operations.update(c, draft(now), OperationStatus.RUNNING, now.version(), access.now(), actor.user());
            return Operations.require(c, name);
        });
    }

    /**
     * A linked run or flow ended with {@code outcome} ({@code ok}, {@code failed}, {@code stopped}). When none of
     * its runs is still running the operation is done, or failed when this one did not end ok.
     */
    public Operation ended(String name, Operation.LinkKind kind, String ref, String outcome, Actor actor) {
        Objects.requireNonNull(outcome, "outcome");
        return access.write(c -> {
            Operation before = Operations.require(c, name);
            Operations.ended(c, name, kind, ref, outcome);
            Operation now = Operations.require(c, name);
            boolean stillRunning = now.links().stream().anyMatch(l -> l.outcome() == null);
            if (!stillRunning && before.status() == OperationStatus.RUNNING) {
                OperationStatus end = "ok".equals(outcome) ? OperationStatus.DONE : OperationStatus.FAILED;
                Operations.update(c, draft(now), end, now.version(), access.now(), actor.user());
            }
            return Operations.require(c, name);
        });
    }

    private static Operation current(Connection c, String name, long expectedVersion) throws SQLException {
        Operation now = Operations.require(c, name);
        if (now.version() != expectedVersion) {
            throw new OperationRefused("operation " + name + " is at version " + now.version() + ", not "
                    + expectedVersion + ": it was changed meanwhile");
        }
        return now;
    }

    private static void refuseCancelled(Operation op) {
        if (op.status() == OperationStatus.CANCELLED) {
            throw new OperationRefused("operation " + op.name() + " is cancelled");
        }
    }

    private static Operation.Draft draft(Operation op) {
        return new Operation.Draft(op.name(), op.planned(), op.owner(), op.notes());
    }
}
