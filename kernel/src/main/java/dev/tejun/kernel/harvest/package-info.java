/**
 * Variable harvesting (as Exastro does on upload): the variables each playbook, role, template and Terraform module
 * in the runbooks folder uses, and for each where its value comes from — a CMDB sheet column, a param, a group
 * variable, a role default, the playbook itself, an Ansible fact, a registered result — or that nothing defines it,
 * so {@code tejun check} and the server report it before anything runs.
 */
package dev.tejun.kernel.harvest;
