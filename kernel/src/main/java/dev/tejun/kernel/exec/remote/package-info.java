/**
 * What the cells that reach other machines ({@code ssh}, {@code ansible}, {@code terraform}) share: reading their
 * attributes ({@link dev.tejun.kernel.exec.remote.CellSettings}), choosing target hosts from the CMDB inventory
 * ({@link dev.tejun.kernel.exec.remote.HostTargets}, Ansible's host patterns), the bastions a host is reached
 * through ({@link dev.tejun.kernel.exec.remote.Jumps}), rolling batches ({@link dev.tejun.kernel.exec.remote.Batches}),
 * revealing their secrets at the last moment
 * ({@link dev.tejun.kernel.exec.remote.HostSecrets}) to be masked in everything the cell writes
 * ({@link dev.tejun.kernel.secret.MaskingOutput}), and the per-host tally that ends a fan-out
 * ({@link dev.tejun.kernel.exec.remote.HostTally}).
 */
package dev.tejun.kernel.exec.remote;
