package dev.tejun.server.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.audit.AuditEntry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the notices out of audit entries. Every run's end, every flow's pause and end and the alert breaker opening
 * are audited whatever started them (the browser, the API, a schedule, an alert rule, a flow), so the audit log is
 * the one place that sees them all, in the order they happened, and a notice never says something the log does not.
 */
final class AuditEvents {

    private static final Pattern FLOW_TARGET = Pattern.compile("flow:(\\S+) instance:(\\S+)(?: node:(\\S+))?");

    private final ObjectMapper json;
    private final Supplier<String> base;

    /** @param base the server's address as users open it ({@code https://tejun.example.com}), for links */
    AuditEvents(ObjectMapper json, Supplier<String> base) {
        this.json = json;
        this.base = base;
    }

    /** Whether links can be made yet: the server's own address is known only once it listens. */
    boolean linkable() {
        try {
            return base.get() != null;
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    Optional<Notice> of(AuditEntry e) {
        return Optional.ofNullable(
                switch (e.action()) {
                    case "execution.end" -> runEnded(e);
                    case "flow.node.pause" -> flow(e, Notice.Kind.APPROVAL_WAITING);
                    case "approval.waiting" -> cellWaiting(e);
                    case "drift.found" ->
                        new Notice(
                                Notice.Kind.DRIFT_FOUND,
                                detail(e, "runbook"),
                                null,
                                e.user(),
                                e.outcome(),
                                "Drift found in " + e.target(),
                                detail(e, "cells") + " value(s) newly differ from the expected sheet(s) " + e.target()
                                        + " after the scheduled run of " + detail(e, "runbook") + ".",
                                base.get() + "/cmdb-drift.html",
                                e.at(),
                                null,
                                null);
                    case "flow.end" -> flow(e, Notice.Kind.FLOW_ENDED);
                    case "events.breaker-open" ->
                        new Notice(
                                Notice.Kind.ALERT_SUPPRESSED,
                                null,
                                null,
                                null,
                                e.outcome(),
                                "Alert runs suppressed: the event circuit breaker opened",
                                "No alert rule runs until an admin closes the breaker. Reason: " + detail(e, "reason"),
                                base.get() + "/audit.html",
                                e.at(),
                                null,
                                null);
                    case "events.unhandled" ->
                        new Notice(
                                Notice.Kind.EVENT_UNHANDLED,
                                null,
                                null,
                                null,
                                e.outcome(),
                                "Unhandled event from " + e.target() + ": " + detail(e, "alertname"),
                                "No rule matched event " + detail(e, "event") + " (" + detail(e, "alertname")
                                        + ") from " + e.target() + more(e)
                                        + ". It waits in the unhandled queue for somebody to acknowledge it.",
                                base.get() + "/events.html",
                                e.at(),
                                null,
                                null);
                    case "events.matched" ->
                        new Notice(
                                Notice.Kind.EVENT_MATCHED,
                                null,
                                null,
                                null,
                                e.outcome(),
                                "Event " + detail(e, "alertname") + " from " + detail(e, "source") + " matched "
                                        + e.target(),
                                "Event " + detail(e, "event") + " (" + detail(e, "alertname") + ") from "
                                        + detail(e, "source") + " matched rule " + e.target() + ": " + e.outcome()
                                        + (dev.tejun.kernel.alert.Rule.NO_TARGET.equals(detail(e, "target"))
                                                        || detail(e, "target") == null
                                                ? "."
                                                : ", " + detail(e, "target") + "."),
                                base.get() + "/events.html",
                                e.at(),
                                null,
                                null);
                    case "schedule.misfired" ->
                        new Notice(
                                Notice.Kind.SCHEDULE_MISFIRED,
                                detail(e, "runbook"),
                                null,
                                e.user(),
                                e.outcome(),
                                "Schedule " + e.target() + " missed its fire time",
                                "Schedule " + e.target() + ": " + detail(e, "reason") + ". Its next fire time runs as"
                                        + " usual.",
                                base.get() + "/schedules.html",
                                e.at(),
                                null,
                                null);
                    default -> null;
                });
    }

    /** ", and N more since the last notice" when the source's events were counted rather than told one by one. */
    private String more(AuditEntry e) {
        String n = detail(e, "more");
        return n == null || n.equals("0") ? "" : ", and " + n + " more from it since the last notice";
    }

    private Notice runEnded(AuditEntry e) {
        boolean ok = "ok".equals(e.outcome());
        Notice.Kind kind;
        if (ok) {
            kind = Notice.Kind.RUN_OK;
        } else if ("scheduler".equals(e.iface())) {
            kind = Notice.Kind.SCHEDULE_FAILED;
        } else if ("events".equals(e.iface())) {
            kind = Notice.Kind.ALERT_FAILED;
        } else {
            kind = Notice.Kind.RUN_FAILED;
        }
        String runId = detail(e, "runId");
        String what = switch (kind) {
            case SCHEDULE_FAILED -> "Scheduled run of ";
            case ALERT_FAILED -> "Alert run of ";
            default -> "Run of ";
        };
        return new Notice(
                kind,
                e.target(),
                null,
                e.user(),
                e.outcome(),
                what + e.target() + ": " + e.outcome(),
                what + e.target() + " by " + e.user() + " (through " + e.iface() + ") ended " + e.outcome()
                        + (runId == null ? "." : ". Run " + runId + "."),
                runId == null ? null : base.get() + "/run.html?id=" + encode(runId),
                e.at(),
                runId,
                null);
    }

    /**
     * A pause cell (or ssh hold point) of a run waits for an approver, who decides it on the run's page: the notice
     * names the runbook, the cell, the run and the link in its subject and text, so a mail or chat message says it
     * all, and carries them as fields for a webhook.
     */
    private Notice cellWaiting(AuditEntry e) {
        String runId = detail(e, "runId");
        String runbook = detail(e, "runbook");
        String cell = detail(e, "cellId");
        String message = detail(e, "message");
        String where = runbook == null ? "run " + runId : runbook;
        return new Notice(
                Notice.Kind.APPROVAL_WAITING,
                runbook,
                null,
                e.user(),
                e.outcome(),
                "Approval waiting: " + where + ", cell " + cell + (runbook == null ? "" : " (run " + runId + ")"),
                "Run " + runId + (runbook == null ? "" : " of " + runbook) + " by " + e.user() + " waits at cell "
                        + cell + " for an approver (role " + detail(e, "approver") + ")"
                        + (message == null || message.isBlank() ? "" : ": " + message)
                        + ". Approve or reject it here: " + runLink(runId),
                runLink(runId),
                e.at(),
                runId,
                cell);
    }

    private String runLink(String runId) {
        return runId == null ? base.get() + "/" : base.get() + "/run.html?id=" + encode(runId);
    }

    private Notice flow(AuditEntry e, Notice.Kind kind) {
        Matcher m = FLOW_TARGET.matcher(e.target() == null ? "" : e.target());
        if (!m.matches()) {
            return null;
        }
        String flow = m.group(1);
        String instance = m.group(2);
        String link = base.get() + "/flow.html?name=" + encode(flow) + "&instance=" + encode(instance);
        if (kind == Notice.Kind.APPROVAL_WAITING) {
            return new Notice(
                    kind,
                    null,
                    flow,
                    e.user(),
                    e.outcome(),
                    "Approval waiting: flow " + flow + " at " + m.group(3),
                    "Flow " + flow + " (instance " + instance + ") waits at node " + m.group(3)
                            + " for an approval. Approve or reject it here: " + link,
                    link,
                    e.at(),
                    null,
                    m.group(3)); // a flow's approval node is where it waits, as a pause cell is a run's
        }
        return new Notice(
                kind,
                null,
                flow,
                e.user(),
                e.outcome(),
                "Flow " + flow + " ended: " + e.outcome(),
                "Flow " + flow + " (instance " + instance + ") ended " + e.outcome() + ".",
                link,
                e.at(),
                null,
                null);
    }

    private String detail(AuditEntry e, String field) {
        if (e.detail() == null) {
            return null;
        }
        try {
            JsonNode n = json.readTree(e.detail()).get(field);
            return n == null || n.isNull() ? null : n.asText();
        } catch (java.io.IOException | RuntimeException bad) {
            return null;
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
