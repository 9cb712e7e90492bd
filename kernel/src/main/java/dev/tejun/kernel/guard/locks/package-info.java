/**
 * Resource locks: a runbook or flow declares what it holds ({@code locks: [db:${params.db}]}, resolved from its
 * params as plain data), and a second run wanting a held lock queues or is refused ({@code lock-policy}). The locks
 * live in a database table with leases, so they hold across processes and servers, and a dead process's locks are
 * taken over once its lease ran out.
 */
package dev.tejun.kernel.guard.locks;
