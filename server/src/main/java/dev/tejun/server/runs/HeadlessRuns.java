package dev.tejun.server.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.db.Database;
import dev.tejun.kernel.flow.Actor;
import dev.tejun.kernel.flow.FlowEngine;
import dev.tejun.kernel.flow.def.FlowFiles;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.schedule.KernelRunner;
import dev.tejun.kernel.schedule.TargetRunner;
import dev.tejun.kernel.session.Session;
import dev.tejun.server.ApiException;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.Via;
import dev.tejun.server.auth.RunPolicy;
import dev.tejun.server.events.EventService;
import dev.tejun.server.events.EventStore;
import dev.tejun.server.events.EventsHandler;
import dev.tejun.server.events.SuppressionTable;
import dev.tejun.server.events.sources.EventSources;
import dev.tejun.server.events.tables.DecisionTables;
import dev.tejun.server.guard.windows.WindowGuard;
import dev.tejun.server.runs.queue.Dispatch;
import dev.tejun.server.schedules.Activations;
import dev.tejun.server.schedules.AuditedMisfires;
import dev.tejun.server.schedules.ScheduleService;
import dev.tejun.server.schedules.ScheduleStore;
import dev.tejun.server.schedules.SchedulesHandler;
import dev.tejun.server.schedules.WebhookNotifier;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Runs nobody starts by hand: schedules and alert-triggered runbooks, built together because they share the
 * runner (a kernel session per run, as a service identity) and the database. The server makes one at start
 * and closes it at stop.
 */
public final class HeadlessRuns implements AutoCloseable {

    /** Scheduled runs and event runs each get a pool this big, so neither can starve the other. */
    public static final int WORKERS = 4;

    private final ScheduleService schedules;
    private final EventService events;
    private final SchedulesHandler schedulesHandler;
    private final EventsHandler eventsHandler;
    private final EventSources sources;
    private final DecisionTables tables;

    private HeadlessRuns(
            ScheduleService schedules,
            EventService events,
            EventSources sources,
            DecisionTables tables,
            ObjectMapper json,
            Runs runs,
            Supplier<FlowEngine> flows) {
        this.schedules = schedules;
        this.tables = tables;
        this.events = events;
        this.sources = sources;
        // "run now" is a run the user starts, checked and queued as any of theirs
        SchedulesHandler.Starter asCaller =
                (who, runbook, params, address) -> runs.start(who, runbook, params, address, true);
        this.schedulesHandler = new SchedulesHandler(schedules, json, asCaller, (who, flow, params, origin) -> {
            FlowEngine engine = flows.get();
            if (engine == null) {
                throw new ApiException(503, "flows are not available on this server yet");
            }
            try {
                return engine.start(
                        flow, params, new Actor(who.name(), who.via().wire()), origin);
            } catch (FlowEngine.NotAllowed e) {
                throw new ApiException(403, e.getMessage());
            } catch (FlowFiles.InvalidFlow e) {
                throw ApiException.badRequest(e.getMessage());
            }
        });
        this.eventsHandler = new EventsHandler(events, json, asCaller);
    }

    /**
     * @param flows the server's flow engine once it has one; a supplier of null until then (flow targets then
     *              fail with a clear message)
     * @param executions where each run's start and end are audited and its evidence indexed
     * @param audit      where activations and suspensions of schedules are written
     * @param policy     who may activate a schedule or rule; a schedule runs as who activated it, with their roles now
     * @param windows    the maintenance windows: scheduled and alert runs outside them are deferred or skipped
     * @param queue      the run queue their runbook runs go through, as REST runs do
     * @param runs       where a schedule's "run now" starts its run, as the user who asked
     * @param node       this server's name among several on one database, written with the runs it fires and waits
     *                   for (on a cluster, a server starting up leaves alone what a living one does)
     */
    public static HeadlessRuns start(
            RunbookFolder folder,
            Session.Services services,
            Supplier<FlowEngine> flows,
            ObjectMapper json,
            Clock clock,
            Database db,
            RunRecords executions,
            AuditLog audit,
            RunPolicy policy,
            WindowGuard windows,
            Dispatch queue,
            Runs runs,
            String node) {
        TargetRunner runner = new AuditedRunner(
                new KernelRunner(folder, services, flows), executions, queue, services.evidence()::newRunId);
        ScheduleStore store = new ScheduleStore(db, json, node);
        Activations activations = Activations.over(db, folder, audit, policy, clock, "schedule", Via.SCHEDULER);
        // rule files are in the same folder editors write: they run only once activated, as schedules do
        Activations rules = Activations.over(db, folder, audit, policy, clock, "rule", Via.EVENTS);
        ScheduleService schedules = new ScheduleService(
                folder,
                store,
                activations,
                runner,
                new AuditedMisfires(new WebhookNotifier(json), audit),
                clock,
                WORKERS);
        EventService events = new EventService(
                folder,
                new EventStore(db, json, node),
                new SuppressionTable(db),
                windows.eventRunner(runner),
                clock,
                WORKERS,
                rules,
                audit);
        schedules.scheduler().gate(windows.scheduleGate());
        schedules.start();
        return new HeadlessRuns(
                schedules,
                events,
                new EventSources(db, json, events, audit, clock),
                new DecisionTables(folder, audit, events.stages(), clock),
                json,
                runs,
                flows);
    }

    public SchedulesHandler schedules() {
        return schedulesHandler;
    }

    public EventsHandler events() {
        return eventsHandler;
    }

    /** The monitoring sources' endpoints and their administration. */
    public EventSources sources() {
        return sources;
    }

    /** Decision-table workbooks imported as rules files. */
    public DecisionTables tables() {
        return tables;
    }

    /**
     * On a cluster, after each heartbeat: goes on with the alert runs whose server is gone, {@code alive} being the
     * servers whose lease holds ({@link EventService#takeOver}).
     */
    public void takeOver(java.util.Set<String> alive) {
        events.takeOver(alive);
    }

    @Override
    public void close() {
        schedules.close();
        events.close();
    }
}
