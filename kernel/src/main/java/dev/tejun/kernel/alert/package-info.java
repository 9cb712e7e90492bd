/**
 * Alert-triggered runbooks, after OASE's rule-based handling: incoming events (Prometheus Alertmanager webhook
 * payloads, version 4, and a generic JSON event) are read into {@link dev.tejun.kernel.alert.AlertEvent}s; rules
 * from {@code rules/*.yaml} in the runbooks folder match them and choose a runbook or flow with params taken
 * from the event; {@link dev.tejun.kernel.alert.Triage} applies the suppression (runs per interval per rule and
 * key, a quiet period after a failure) and {@link dev.tejun.kernel.alert.AlertDispatcher} runs what passed, with
 * retries, recording every step through {@link dev.tejun.kernel.alert.EventLedger}. Whether a matched rule may run,
 * and as whom, is the {@link dev.tejun.kernel.alert.RuleGate}'s to say (the server's: only once activated).
 * Decisions change nothing but the suppression counts, so the dry run shows exactly what a real event would do.
 */
package dev.tejun.kernel.alert;
