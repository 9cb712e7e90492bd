package dev.tejun.kernel.alert;

/**
 * Which stage each rule set (a rules file) is in. A {@link Stage#DRAFT} set is not tried at all; a {@link
 * Stage#STAGING} set decides events as it would in production, but what it would run is only recorded ({@link
 * Decision.Staged}) and nothing runs or counts against limits; a {@link Stage#PRODUCTION} set acts (once activated).
 */
@FunctionalInterface
public interface RuleStages {

    /** Every rule set acts: for callers that stage nothing (tests, replays of a draft). */
    RuleStages ALL_PRODUCTION = file -> Stage.PRODUCTION;

    enum Stage {
        DRAFT,
        STAGING,
        PRODUCTION;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** @param file the rules file, as rule ids name it ({@code rules/ops.yaml}) */
    Stage of(String file);

    /** The stage of the set {@code rule} belongs to. */
    default Stage of(Rule rule) {
        int hash = rule.id().indexOf('#');
        return of(hash < 0 ? rule.id() : rule.id().substring(0, hash));
    }
}
