/**
 * The run queue: REST, scheduled and alert-rule runs wait in the {@code run_queue} table, each with the runbook text
 * it was accepted with, until a server with a free place claims one ({@link dev.tejun.server.runs.queue.RunQueue},
 * {@code FOR UPDATE SKIP LOCKED} on PostgreSQL); each server's {@link dev.tejun.server.runs.queue.QueueWorker} claims
 * while it has room, woken by {@code NOTIFY run_queue}, and hands back what dead servers held: claimed runs are queued
 * again, started ones interrupted, never re-run. Whoever waits for a run's end (a schedule, an alert rule) is woken by
 * {@code NOTIFY run_queue_end} ({@link dev.tejun.server.runs.queue.QueueEnds}); a server that was thought dead runs no
 * further cell of a run taken back from it ({@link dev.tejun.server.runs.queue.ClaimGuard}).
 */
package dev.tejun.server.runs.queue;
