package dev.tejun.kernel.alert;

import dev.tejun.kernel.schedule.ServiceIdentity;

/**
 * Whether a rule that matched an event may run its target now, and as whom. Rule files live in the runbooks folder,
 * which editors may write, so the server lets a rule run only once a user allowed to run its target activated it,
 * in that user's name and over the files as they were activated; anything else is refused with a reason that the
 * ledger, the audit log and the dry run show.
 */
@FunctionalInterface
public interface RuleGate {

    /**
     * Every rule runs as the {@link ServiceIdentity#EVENTS} identity, unpinned: for tests of the dispatching alone
     * and for callers that check rules some other way. The server never uses it.
     */
    RuleGate ALL_AS_EVENTS = rule -> Verdict.allow(ServiceIdentity.EVENTS, null);

    Verdict check(Rule rule);

    /**
     * Either {@code as} and {@code pin} (the {@link dev.tejun.kernel.permission.RunScope#hash} the target's files must
     * still have when the run starts; null for none), or a {@code refusal} saying why nothing runs.
     */
    record Verdict(ServiceIdentity as, String pin, String refusal) {

        public static Verdict allow(ServiceIdentity as, String pin) {
            return new Verdict(as, pin, null);
        }

        public static Verdict refuse(String why) {
            return new Verdict(null, null, why);
        }

        public boolean allowed() {
            return refusal == null;
        }
    }
}
