package dev.tejun.kernel.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A ledger in memory, standing in for the server's SQLite one; "restart" is a new Scheduler over the same ledger. */
final class MemoryLedger implements ScheduleLedger {

    record Entry(String scheduleId, Instant fireTime, String status, String note) {}

    final Map<String, Instant> cursors = new ConcurrentHashMap<>();
    final List<Entry> entries = new ArrayList<>();
    final Map<String, Deferral> deferrals = new ConcurrentHashMap<>();

    @Override
    public void defer(String scheduleId, Deferral deferral) {
        deferrals.put(scheduleId, deferral);
    }

    @Override
    public void undefer(String scheduleId) {
        deferrals.remove(scheduleId);
    }

    @Override
    public Map<String, Deferral> deferrals() {
        return Map.copyOf(deferrals);
    }

    @Override
    public Optional<Instant> cursor(String scheduleId) {
        return Optional.ofNullable(cursors.get(scheduleId));
    }

    @Override
    public void advance(String scheduleId, Instant cursor) {
        cursors.put(scheduleId, cursor);
    }

    @Override
    public synchronized long started(String scheduleId, Instant fireTime, Instant at, String note) {
        entries.add(new Entry(scheduleId, fireTime, "running", note));
        return entries.size() - 1;
    }

    @Override
    public synchronized void finished(long entry, Instant at, RunResult result) {
        Entry e = entries.get((int) entry);
        entries.set((int) entry, new Entry(e.scheduleId(), e.fireTime(), result.status(), e.note()));
    }

    @Override
    public synchronized void skipped(String scheduleId, Instant fireTime, Instant at, String reason) {
        entries.add(new Entry(scheduleId, fireTime, "skipped", reason));
    }

    synchronized List<String> statuses() {
        return entries.stream().map(Entry::status).toList();
    }
}
