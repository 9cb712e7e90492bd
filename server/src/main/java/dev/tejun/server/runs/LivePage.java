package dev.tejun.server.runs;

import dev.tejun.kernel.event.Event;
import dev.tejun.kernel.event.OutputGap;
import dev.tejun.kernel.event.RunFinished;
import dev.tejun.kernel.session.EventLog;
import dev.tejun.server.ws.MessageCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One page of a live run's events, read from its session's event log. A notebook session's log holds the events of
 * every run of that session, so only this run's (and gap notices) are given; seq numbers are the session's, so a
 * reader asks again after the {@code lastSeq} it got, skipping the other runs' events unseen.
 */
final class LivePage {

    private LivePage() {}

    static RunPage read(LiveRuns.LiveRun run, long since, Duration wait, int max) throws InterruptedException {
        EventLog log = run.session().events();
        long deadline = System.nanoTime() + wait.toNanos();
        long after = since;
        while (true) {
            List<Event> mine = new ArrayList<>();
            RunFinished end = null;
            long last = after;
            scan:
            while (true) {
                EventLog.Batch batch = log.since(last, max);
                if (batch.events().isEmpty()) {
                    last = Math.max(last, batch.lastSeq());
                    break; // the end of the log
                }
                for (Event e : batch.events()) {
                    last = Math.max(last, e.seq());
                    if (e instanceof OutputGap || run.runId().equals(e.runId())) {
                        mine.add(e);
                        if (e instanceof RunFinished f) {
                            end = f;
                            break scan;
                        }
                        if (mine.size() >= max) {
                            break scan;
                        }
                    }
                }
            }
            if (end == null && run.finished()) {
                // its last event already left the bounded log (later runs of a notebook wrote much)
                RunFinished done = run.handle().finished().getNow(null);
                if (done != null && done.seq() <= last) {
                    end = done;
                }
            }
            long remaining = deadline - System.nanoTime();
            if (!mine.isEmpty() || end != null || remaining <= 0) {
                return new RunPage(
                        run.runId(),
                        run.runbook(),
                        mine.stream().map(MessageCodec::wire).toList(),
                        last,
                        end != null,
                        end == null ? null : end.status().name().toLowerCase(Locale.ROOT));
            }
            log.awaitAfter(last, remaining, TimeUnit.NANOSECONDS);
            after = last;
        }
    }
}
