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
        /** Gathered by Ansible ({@code ansible_*}, where {@code gather_facts}) or set by {@code set_fact} (a file). */
        FACT,
        ROLE_DEFAULT,
        GROUP_VAR,
        CMDB,
        PLAYBOOK,
        TERRAFORM_DEFAULT,
        PARAM,
        /** A task's {@code register:} result. */
        REGISTERED
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " " + where;
    }
}
