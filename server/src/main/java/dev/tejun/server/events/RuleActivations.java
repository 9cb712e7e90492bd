package dev.tejun.server.events;

import dev.tejun.kernel.alert.Rule;
import dev.tejun.kernel.alert.RuleGate;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.permission.RunScope;
import dev.tejun.server.ApiException;
import dev.tejun.server.auth.Principal;
import dev.tejun.server.schedules.Activations;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gate of alert rules: a rule file lives in the runbooks folder, which editors may write, so a rule runs its
 * target only once a user allowed to run it (operator and every role its files require) activated it, and then in
 * that user's name through the {@code events} interface (so {@code ${raw:…}} stays refused). The activation pins
 * the rule file and every file the target would execute; any change suspends it. The same {@link Activations} as
 * schedules, with rules as its subjects.
 */
public final class RuleActivations implements RuleGate {

    /** One row of GET /api/rules. */
    public record View(
            String id,
            String file,
            String target,
            String state,
            String activatedBy,
            Instant stateSince,
            String stateReason) {}

    static final String NOT_ACTIVATED = "rule not activated";
    private static final Pattern FILE = Pattern.compile("^(.*?\\.ya?ml)#");

    private final RunbookFolder folder;
    private final Activations activations;
    private final Supplier<List<Rule>> rules;

    RuleActivations(RunbookFolder folder, Activations activations, Supplier<List<Rule>> rules) {
        this.folder = folder;
        this.activations = activations;
        this.rules = rules;
    }

    /** Allows an active rule, as its activator with their roles now; refuses any other with the reason. */
    @Override
    public Verdict check(Rule rule) {
        // hashed before the check: if the check then finds the files as activated, this is their activated hash
        String targetPin = RunScope.hash(folder, rule.target().name());
        Activations.Checked c = activations.check(subject(rule));
        if (c.pin() == null) {
            return Verdict.refuse(refusal(c.status()));
        }
        return Verdict.allow(activations.identity(c.status().by()), targetPin);
    }

    private static String refusal(Activations.Status s) {
        if (s.state().equals(Activations.Status.SUSPENDED)) {
            return "suspended: " + s.reason();
        }
        return s.by() == null ? NOT_ACTIVATED : NOT_ACTIVATED + ": " + s.reason();
    }

    /** The rules that run something, with their activation (an {@code ignore: true} rule needs none). */
    List<View> list() {
        return rules.get().stream()
                .filter(Rule::runs)
                .map(r -> view(r, activations.check(subject(r)).status()))
                .toList();
    }

    /** 404 for no such (valid) rule, 403 (audited) when {@code who} may not run what it runs. */
    View activate(String id, Principal who, String address) {
        Rule rule = find(id);
        return view(rule, activations.activate(subject(rule), who, address));
    }

    View deactivate(String id, Principal who, String address) {
        Rule rule = find(id);
        activations.deactivate(id, who, address);
        return view(rule, activations.check(subject(rule)).status());
    }

    private Rule find(String id) {
        Rule rule = rules.get().stream()
                .filter(r -> r.id().equals(id))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("no rule " + id));
        if (!rule.runs()) {
            throw ApiException.badRequest(
                    id + " runs nothing (ignore: true, or notify: true alone): it needs no activation");
        }
        return rule;
    }

    private static View view(Rule r, Activations.Status s) {
        return new View(r.id(), file(r), r.target().name(), s.state(), s.by(), s.since(), s.reason());
    }

    /** The rule's own file is pinned too: changing what a rule matches or passes is a change to review again. */
    private static Activations.Subject subject(Rule r) {
        return new Activations.Subject(r.id(), r.target().name(), r.target().name(), List.of(file(r)));
    }

    private static String file(Rule r) {
        Matcher m = FILE.matcher(r.id());
        if (!m.find()) {
            throw new IllegalStateException("a rule id is FILE#NAME: " + r.id());
        }
        return m.group(1);
    }
}
