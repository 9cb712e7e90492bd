/**
 * Every process a cell starts (shell cells, the JShell agent JVM, ansible-playbook, terraform) is started through
 * {@link dev.tejun.kernel.exec.sandbox.CellSandbox}: under bubblewrap with the server's data folder hidden, as an
 * unprivileged user of its own, with a scrubbed environment, so that a cell cannot read or rewrite the control
 * plane (the database, keys, audit head, evidence, other sessions' work folders) nor the server's secrets.
 */
package dev.tejun.kernel.exec.sandbox;
