/**
 * The inventory view: hosts, their merged variables across HOST sheets, and groups — what the Ansible,
 * Terraform and SSH executors consume. {@link dev.tejun.cmdb.inventory.Inventories} holds the merge rules;
 * {@link dev.tejun.cmdb.inventory.InventoryExport} writes Ansible JSON and YAML. Obtain one with
 * {@code CmdbStore.inventory(operation)}.
 */
package dev.tejun.cmdb.inventory;
