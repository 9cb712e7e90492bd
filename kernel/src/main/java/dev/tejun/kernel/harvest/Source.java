package dev.tejun.kernel.harvest;

/**
 * Where a variable's value comes from.
 *
 * @param kind  what kind of definition
 * @param where the place: {@code sheet.column}, a runbook path, a file
 */
public record Source(Kind kind, String where) {

    /** The kinds of definition, in the order Ansible lets them override one another roughly from weakest. */
    public enum Kind {
        ROLE_DEFAULT,
        GROUP_VAR,
        CMDB,
        PLAYBOOK,
        TERRAFORM_DEFAULT,
        PARAM
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " " + where;
    }
}
