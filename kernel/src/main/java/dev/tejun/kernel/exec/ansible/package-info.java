/**
 * The {@code ansible} cell: the body (or {@code playbook=} in the runbooks folder) runs with ansible-playbook in a
 * generated {@link dev.tejun.kernel.exec.ansible.Workspace} (inventory and host_vars from the CMDB, extra vars
 * from the run's params, secrets in 0600 files removed afterwards). A playbook with a folder ({@code playbook=},
 * or {@code dir=} for the body) runs in a copy of it ({@link dev.tejun.kernel.exec.ansible.ProjectFolder}) with
 * its {@code ansible.cfg} merged ({@link dev.tejun.kernel.exec.ansible.AnsibleConfig}). Our callback plugin
 * ({@code resources/ansible/tejun_events.py}) writes JSON events into Ansible's stdout, each right after the line
 * Ansible printed for it, which {@link dev.tejun.kernel.exec.ansible.EventTail} takes out and turns into per-host
 * status as the log goes on (and at the recap); {@link dev.tejun.kernel.exec.ansible.PlaybookVariables} refuses a
 * playbook that surely uses a variable nobody defines, before Ansible starts, and warns where it is not sure.
 * Vault and become passwords are named credentials ({@link dev.tejun.kernel.exec.ansible.Credentials}); vaulted
 * values are opened to be masked ({@link dev.tejun.kernel.exec.ansible.VaultSecrets}).
 *
 * <p>Attributes: {@code operation=}, {@code playbook=}, {@code dir=}, {@code check=true} ({@code --check --diff}),
 * {@code diff=true}, {@code hosts=} (CMDB hosts or groups: the inventory Ansible gets holds only those),
 * {@code limit=}, {@code tags=}, {@code skip-tags=}, {@code verbose=1..4}, {@code forks=}, {@code connection=},
 * {@code host-key-policy=strict|accept-new}, {@code group-vars-from=}, {@code var-check=refuse|warn|off},
 * {@code vault-password=credential:NAME}, {@code become=true}, {@code become-user=},
 * {@code become-password=credential:NAME}.
 */
package dev.tejun.kernel.exec.ansible;
