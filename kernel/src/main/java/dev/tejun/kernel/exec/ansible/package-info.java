/**
 * The {@code ansible} cell: the body (or {@code playbook=} in the runbooks folder) runs with ansible-playbook in a
 * generated {@link dev.tejun.kernel.exec.ansible.Workspace} (inventory and host_vars from the CMDB, extra vars
 * from the run's params, secrets in 0600 files removed afterwards). Our callback plugin
 * ({@code resources/ansible/tejun_events.py}) writes JSON events that {@link dev.tejun.kernel.exec.ansible.EventTail}
 * turns into per-host status; {@link dev.tejun.kernel.exec.ansible.PlaybookVariables} refuses a playbook that uses
 * a variable nobody defines, before Ansible starts.
 *
 * <p>Attributes: {@code operation=}, {@code playbook=}, {@code check=true} ({@code --check --diff}),
 * {@code hosts=} (CMDB hosts or groups: the inventory Ansible gets holds only those), {@code limit=}, {@code tags=},
 * {@code forks=}, {@code connection=}, {@code host-key-policy=strict|accept-new}.
 */
package dev.tejun.kernel.exec.ansible;
