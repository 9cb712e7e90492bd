/**
 * The run queue: REST runs wait in the {@code run_queue} table until a server with a free place claims one
 * ({@link dev.tejun.server.runs.queue.RunQueue}, {@code FOR UPDATE SKIP LOCKED} on PostgreSQL); each server's
 * {@link dev.tejun.server.runs.queue.QueueWorker} claims while it has room, woken by {@code NOTIFY run_queue}, and hands
 * back what dead servers held: claimed runs are queued again, started ones interrupted, never re-run.
 */
package dev.tejun.server.runs.queue;
