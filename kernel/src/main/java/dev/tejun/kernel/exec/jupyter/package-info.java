/**
 * Cells run by a Jupyter kernel ({@code python} through ipykernel, any installed kernelspec by {@code kernel=}):
 * Tejun is the client of the Jupyter messaging protocol, over ZeroMQ (JeroMQ) with HMAC-signed messages on the
 * five channels (shell, iopub, stdin, control, heartbeat). One kernel per session and kernel name, started on first
 * use inside the cell sandbox, interrupted through the control channel, killed when the session ends.
 */
package dev.tejun.kernel.exec.jupyter;
