package dev.tejun.kernel.flow;

import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.template.Template;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The values a flow's references read: {@code ${params.X}} from the instance's params, and
 * {@code ${nodes.NODE.CELL.FIELD}} from what each runbook node's last run produced. Not thread-safe: the
 * instance's lock guards it.
 */
final class FlowValues {

    private final Map<String, String> params;
    private final Set<String> secret;
    private final Map<String, Map<String, String>> outputs;

    /** {@code secret}: params whose values messages show as {@value FlowInstance#MASK}. */
    FlowValues(Map<String, String> params, Set<String> secret, Map<String, Map<String, String>> outputs) {
        this.params = Map.copyOf(params);
        this.secret = Set.copyOf(secret);
        this.outputs = new HashMap<>(outputs);
    }

    /** A copy to read outside the instance's lock (a hold point's preview). */
    FlowValues copy() {
        return new FlowValues(params, secret, outputs);
    }

    /** The instance's params. */
    Map<String, String> params() {
        return params;
    }

    /** Keeps what a runbook node's cells produced ({@code CELL.FIELD} → value). */
    void record(String nodeId, Map<String, String> cellOutputs) {
        outputs.put(nodeId, cellOutputs);
    }

    /** What node {@code nodeId} recorded so far (a for-each node's finished hosts, say); empty if nothing. */
    Map<String, String> of(String nodeId) {
        return outputs.getOrDefault(nodeId, Map.of());
    }

    /** Every value with its references replaced; throws {@link Template.Unresolved} for one that does not resolve. */
    Map<String, String> resolve(Map<String, String> given) {
        Map<String, String> out = new LinkedHashMap<>();
        given.forEach((k, v) -> out.put(k, Template.FLOWS.fill(v, this::lookup)));
        return out;
    }

    /** The names in {@code given} whose value refers to a secret param of the flow: secret in the node's run too. */
    Set<String> carryingSecrets(Map<String, String> given) {
        Set<String> out = new HashSet<>();
        given.forEach((k, v) -> {
            if (Template.FLOWS.names(v).stream()
                    .anyMatch(ref -> ref.startsWith("params.") && secret.contains(ref.substring(7)))) {
                out.add(k);
            }
        });
        return out;
    }

    /**
     * {@code text} with its references replaced, or unchanged when one does not resolve: for messages, which people
     * read, so a secret param shows as {@value FlowInstance#MASK}.
     */
    String lenient(String text) {
        try {
            return Template.FLOWS.fill(
                    text,
                    ref -> ref.startsWith("params.") && secret.contains(ref.substring(7))
                            ? Optional.of(FlowInstance.MASK)
                            : lookup(ref));
        } catch (Template.Unresolved e) {
            return text;
        }
    }

    Optional<String> lookup(String ref) {
        if (ref.startsWith("params.")) {
            return Optional.ofNullable(params.get(ref.substring("params.".length())));
        }
        String[] parts = ref.split("\\.");
        if (parts.length != 4) {
            return Optional.empty();
        }
        Map<String, String> out = outputs.get(parts[1]);
        return out == null ? Optional.empty() : Optional.ofNullable(out.get(parts[2] + "." + parts[3]));
    }
}
