/**
 * The {@code ssh} cell: the cell body runs as one command on every target host, in parallel up to
 * {@code parallel=}, over JSch. Hosts, addresses, ports, users and credentials come from the CMDB; host keys are
 * checked against {@code known_hosts} in the data directory ({@link dev.tejun.kernel.exec.ssh.KnownHostsFile});
 * connections are kept for the session ({@link dev.tejun.kernel.exec.ssh.SshConnections}).
 *
 * <p>Attributes: {@code hosts=} (names, groups or {@code all}), {@code operation=}, {@code parallel=} (10),
 * {@code connect-timeout=} (10 s), {@code command-timeout=} (per host, none), {@code allow-failures=} (0),
 * {@code host-key-policy=strict|accept-new}.
 */
package dev.tejun.kernel.exec.ssh;
