package dev.tejun.server.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.audit.AuditEntry;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which audit entries are notices, of which kind, with which link. */
class AuditEventsTest {

    private final AuditEvents events = new AuditEvents(new ObjectMapper(), () -> "https://tejun.example.com");

    private static AuditEntry entry(String iface, String action, String target, String outcome, String detail) {
        return new AuditEntry(
                1,
                Instant.parse("2026-12-04T01:00:00Z"),
                "ann",
                iface,
                action,
                target,
                outcome,
                null,
                detail,
                null,
                null,
                null);
    }

    @Test
    void of_flowPaused_isApprovalWaitingWithTheApprovalPage() {
        Notice n = events.of(entry("flow", "flow.node.pause", "flow:patch instance:i-42 node:approve", "paused", null))
                .orElseThrow();
        assertEquals(Notice.Kind.APPROVAL_WAITING, n.kind());
        assertEquals("patch", n.flow());
        assertEquals("https://tejun.example.com/flow.html?name=patch&instance=i-42", n.link());
        assertTrue(n.text().contains("node approve"), n.text());
    }

    @Test
    void of_runEnded_byInterface_isTheRightKind() {
        String detail = "{\"runId\":\"20261204-010000-abcdef\"}";
        assertEquals(Notice.Kind.SCHEDULE_FAILED, kind(entry("scheduler", "execution.end", "a.md", "failed", detail)));
        assertEquals(Notice.Kind.ALERT_FAILED, kind(entry("events", "execution.end", "a.md", "failed", detail)));
        assertEquals(Notice.Kind.RUN_FAILED, kind(entry("api", "execution.end", "a.md", "stopped", detail)));
        Notice ok =
                events.of(entry("web", "execution.end", "a.md", "ok", detail)).orElseThrow();
        assertEquals(Notice.Kind.RUN_OK, ok.kind());
        assertEquals("https://tejun.example.com/run.html?id=20261204-010000-abcdef", ok.link());
    }

    @Test
    void of_breakerOpen_isAlertSuppressedWithTheReason() {
        Notice n = events.of(entry("events", "events.breaker-open", "events", "open", "{\"reason\":\"50 runs in 1m\"}"))
                .orElseThrow();
        assertEquals(Notice.Kind.ALERT_SUPPRESSED, n.kind());
        assertTrue(n.text().endsWith("Reason: 50 runs in 1m"), n.text());
    }

    @Test
    void of_otherEntries_areNoNotice() {
        assertEquals(Optional.empty(), events.of(entry("web", "execution.start", "a.md", "ok", null)));
        assertEquals(Optional.empty(), events.of(entry("web", "flow.end", "not a flow target", "ok", null)));
    }

    private Notice.Kind kind(AuditEntry e) {
        return events.of(e).orElseThrow().kind();
    }

    @Test
    void of_eventsUnhandled_isEventUnhandled_countingTheOnesNotToldApart() {
        Notice n = events.of(entry(
                        "events",
                        "events.unhandled",
                        "zabbix",
                        "unhandled",
                        "{\"event\":42,\"alertname\":\"DiskStrange\",\"more\":7}"))
                .orElseThrow();
        assertEquals("event.unhandled", n.kind().wire());
        assertEquals("Unhandled event from zabbix: DiskStrange", n.subject());
        assertTrue(n.text().startsWith("No rule matched event 42 (DiskStrange) from zabbix, and 7 more"), n.text());
        assertEquals("https://tejun.example.com/events.html", n.link());
    }

    @Test
    void of_eventsMatched_isEventMatched_namingRuleAndWhatItDid() {
        Notice n = events.of(entry(
                        "events",
                        "events.matched",
                        "rules/ops.yaml#disk",
                        "run",
                        "{\"event\":9,\"alertname\":\"DiskFull\",\"source\":\"am\",\"target\":\"fix.md\"}"))
                .orElseThrow();
        assertEquals("event.matched", n.kind().wire());
        assertEquals("Event DiskFull from am matched rules/ops.yaml#disk", n.subject());
        assertEquals("Event 9 (DiskFull) from am matched rule rules/ops.yaml#disk: run, fix.md.", n.text());
    }

    @Test
    void of_scheduleMisfired_isScheduleMisfiredWithTheReason() {
        Notice n = events.of(entry(
                        "scheduler",
                        "schedule.misfired",
                        "file:ops/patch.md",
                        "skipped",
                        "{\"runbook\":\"ops/patch.md\",\"reason\":\"missed 24 fire times while the server was down\"}"))
                .orElseThrow();
        assertEquals(Notice.Kind.SCHEDULE_MISFIRED, n.kind());
        assertEquals("schedule.misfired", n.kind().wire());
        assertEquals("ops/patch.md", n.runbook(), "a subscription to the runbook or its folder gets it");
        assertTrue(n.text().contains("missed 24 fire times"), n.text());
        assertEquals("https://tejun.example.com/schedules.html", n.link());
    }

    @Test
    void of_pauseCellWaiting_namesRunbookCellRunAndLink() {
        Notice n = events.of(entry(
                        "server",
                        "approval.waiting",
                        "approval:appr-1 session:api-1 cell:hold run:r-7",
                        "waiting",
                        "{\"runId\":\"r-7\",\"runbook\":\"ops/gate.md\",\"cellId\":\"hold\","
                                + "\"approver\":\"operator\",\"message\":\"Backup done?\"}"))
                .orElseThrow();
        assertEquals(Notice.Kind.APPROVAL_WAITING, n.kind());
        assertEquals("ops/gate.md", n.runbook(), "runbook and folder subscriptions match it");
        assertEquals("r-7", n.runId());
        assertEquals("hold", n.cell());
        assertEquals("Approval waiting: ops/gate.md, cell hold (run r-7)", n.subject());
        assertEquals(
                "Run r-7 of ops/gate.md by ann waits at cell hold for an approver (role operator): Backup done?."
                        + " Approve or reject it here: https://tejun.example.com/run.html?id=r-7",
                n.text());
        assertEquals("https://tejun.example.com/run.html?id=r-7", n.link());
    }
}
