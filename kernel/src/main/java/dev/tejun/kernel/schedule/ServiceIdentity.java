package dev.tejun.kernel.schedule;

import dev.tejun.kernel.template.Template;
import java.util.Set;

/**
 * Who a headless run runs as. Its roles are checked against a runbook's {@code requires:} exactly as a user's
 * would be (the permission {@link dev.tejun.kernel.permission.Policy}), so a runbook only approvers may run is not
 * run by a schedule or an alert either. A schedule declared in a file, or an alert rule, runs as the user who
 * activated it, with the roles that user holds when it fires.
 *
 * @param via the interface recorded in evidence: {@code scheduler}, {@code events}
 */
public record ServiceIdentity(String user, String via, Set<String> roles) {

    public static final ServiceIdentity SCHEDULER =
            new ServiceIdentity("scheduler", "scheduler", Set.of("viewer", "operator"));
    public static final ServiceIdentity EVENTS =
            new ServiceIdentity("events", Template.EVENT_VIA, Set.of("viewer", "operator"));

    public ServiceIdentity {
        roles = Set.copyOf(roles);
    }
}
