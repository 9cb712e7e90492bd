/**
 * The {@code ssh} cell: the cell body runs as one command on every target host, in parallel up to
 * {@code parallel=}, over JSch. Hosts, addresses, ports, users and credentials come from the CMDB; host keys are
 * checked against {@code known_hosts} in the data directory ({@link dev.tejun.kernel.exec.ssh.KnownHostsFile});
 * connections are kept for the session ({@link dev.tejun.kernel.exec.ssh.SshConnections}), reached through the
 * host's bastions ({@link dev.tejun.kernel.exec.ssh.JumpProxy}) and the data folder's ssh_config
 * ({@link dev.tejun.kernel.exec.ssh.Reach}); a rollout runs one {@link dev.tejun.kernel.exec.ssh.BatchRun} per batch.
 *
 * <p>Attributes: {@code hosts=} (a pattern: names, groups, globs, exclusions, {@code cmdb:SELECT …}),
 * {@code operation=}, {@code parallel=} (10), {@code connect-timeout=} (10 s), {@code command-timeout=} (per host,
 * none), {@code allow-failures=} (0), {@code host-key-policy=strict|accept-new}, {@code batch=}, {@code max-fail=},
 * {@code pause-between=}, {@code approve-after-first-batch=}.
 */
package dev.tejun.kernel.exec.ssh;
