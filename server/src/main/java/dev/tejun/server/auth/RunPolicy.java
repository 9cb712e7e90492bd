package dev.tejun.server.auth;

import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.permission.Policy;
import dev.tejun.kernel.permission.RunScope;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The one answer, for every entry point (the notebook socket, REST runs, approvals of flows and pauses, activations of
 * schedules and alert rules), to "may this user read, run, stop or approve this runbook, flow, run or pause". The rules are the kernel's {@link Policy}; this class only fixes what they
 * are asked about, so no two entry points can ask differently:
 * <ul>
 *   <li>the roles are the user's roles now, read from the user store ({@link Principal#roles()} may be as old as a
 *       socket's handshake);</li>
 *   <li>a stop needs the roles the run's runbook required when the run was queued — the run in memory knows them,
 *       whatever became of its file since (deleted, moved, edited).</li>
 * </ul>
 * Each method returns null when the answer is yes, else the reason, fit for an error message and the audit log.
 */
public final class RunPolicy {

    private final Function<String, Set<String>> rolesOf;

    /** @param rolesOf a user's role names now; empty for a user who is disabled or gone */
    public RunPolicy(Function<String, Set<String>> rolesOf) {
        this.rolesOf = rolesOf;
    }

    /** The role names {@code who} holds now. */
    public Set<String> roles(Principal who) {
        return rolesOf(who.name());
    }

    /** The role names {@code user} holds now; none for a user who is disabled or gone. */
    public Set<String> rolesOf(String user) {
        return rolesOf.apply(user);
    }

    public String readRefusal(Principal who) {
        return Policy.readRefusal(roles(who));
    }

    /** May {@code who} run {@code runbook}, whose front matter {@code requires:} these roles. */
    public String runRefusal(Principal who, String runbook, List<String> requires) {
        return Policy.runRefusal(roles(who), runbook, requires);
    }

    /**
     * May {@code who} run {@code target} with everything it would execute (a flow's runbooks and the flows it calls,
     * {@link RunScope}): what activating a schedule or an alert rule needs.
     */
    public String scopeRefusal(Principal who, RunbookFolder folder, String target) {
        return RunScope.runRefusal(folder, target, roles(who));
    }

    /**
     * May {@code who} stop run {@code runId} of {@code runbook}, which required {@code requires} when it was queued:
     * operator and every one of them. A run whose requirements are unknown ({@code requires} null: its runbook could
     * not be read) only an admin may stop.
     */
    public String stopRefusal(Principal who, String runbook, String runId, List<String> requires) {
        if (requires == null) {
            return Policy.holds(roles(who), Policy.ADMIN)
                    ? null
                    : "the roles " + runbook + " requires are unknown; only an admin may stop run " + runId;
        }
        return Policy.runRefusal(roles(who), runbook, requires);
    }

    /**
     * May {@code who} decide a pause that names {@code approverRole}, of a run {@code starter} started, with four eyes
     * when {@code approverNotStarter}.
     */
    public String approveRefusal(Principal who, String approverRole, boolean approverNotStarter, String starter) {
        String why = Policy.approveRefusal(roles(who), approverRole);
        return why != null ? why : Policy.fourEyesRefusal(approverNotStarter, starter, who.name());
    }
}
