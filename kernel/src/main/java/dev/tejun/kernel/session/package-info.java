/**
 * Sessions: the live state of a runbook being run (parameters, results of earlier cells, executors) and the
 * numbered event log that every client and the CLI read from. Runs are queued and run on the session's thread.
 */
package dev.tejun.kernel.session;
