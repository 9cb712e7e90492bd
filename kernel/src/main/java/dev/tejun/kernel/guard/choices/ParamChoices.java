package dev.tejun.kernel.guard.choices;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.runbook.Runbook;
import dev.tejun.kernel.session.RunGuard;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The params of a runbook whose values come from the CMDB:
 *
 * <pre>
 * params:
 *   env:   { default: staging, enum: [staging, prod] }
 *   host:  { choices: "cmdb:hosts.name where groups contains ${params.env}", depends-on: env }
 *   hosts: { choices: "cmdb:hosts.name where groups contains 'web'", multiple: true }   # a,b,c
 * </pre>
 *
 * Lists the choices for a form or {@code tejun run … -p host=?}, and as a {@link RunGuard} refuses a run whose value
 * is not among them, before any cell, whichever door started it. A multiple param's value is its choices joined by
 * commas, handed to cells as one value (data, like any other).
 */
public final class ParamChoices implements RunGuard {

    /** One param fed by the CMDB. */
    public record Spec(String param, ChoiceSource source, String dependsOn, boolean multiple) {}

    /** The choices of one param for given values of the others, as a form shows them. */
    public record Listed(String param, String source, String dependsOn, boolean multiple, List<String> choices) {}

    private final CmdbStore cmdb;

    public ParamChoices(CmdbStore cmdb) {
        this.cmdb = cmdb;
    }

    /**
     * The specs of front matters read lately, by their text: the guard asks at every run, and a notebook's runbook
     * rarely changes between runs (its YAML was parsed at each one). Past {@link #KEEP} texts it starts over.
     */
    private static final Map<String, List<Spec>> SPECS = new ConcurrentHashMap<>();

    private static final int KEEP = 256;

    /** The params of {@code runbook} with {@code choices:}, in front matter order; a bad expression throws. */
    public static List<Spec> specs(Runbook runbook) {
        String text = runbook.frontMatter();
        List<Spec> known = SPECS.get(text);
        if (known != null) {
            return known;
        }
        List<Spec> specs = List.copyOf(read(runbook));
        if (SPECS.size() >= KEEP) {
            SPECS.clear();
        }
        SPECS.put(text, specs);
        return specs;
    }

    private static List<Spec> read(Runbook runbook) {
        JsonNode params = frontMatter(runbook).path("params");
        List<Spec> out = new ArrayList<>();
        params.properties().forEach(e -> {
            JsonNode p = e.getValue();
            if (p.isObject() && p.hasNonNull("choices")) {
                String dependsOn =
                        p.hasNonNull("depends-on") ? p.get("depends-on").asText() : null;
                if (dependsOn != null && !params.has(dependsOn)) {
                    throw new IllegalArgumentException(
                            "param " + e.getKey() + ": depends-on names no param '" + dependsOn + "'");
                }
                out.add(new Spec(
                        e.getKey(),
                        ChoiceSource.parse(p.get("choices").asText()),
                        dependsOn,
                        p.path("multiple").asBoolean(false)));
            }
        });
        return out;
    }

    /** The choices of {@code param} given the other values (defaults filled in by the caller). */
    public Listed list(Runbook runbook, String param, Map<String, String> values) {
        Spec spec = specs(runbook).stream()
                .filter(s -> s.param().equals(param))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("param " + param + " has no choices:"));
        return new Listed(
                param,
                spec.source().text(),
                spec.dependsOn(),
                spec.multiple(),
                spec.source().list(cmdb, values));
    }

    /** Throws {@link IllegalArgumentException} naming the param, the value and the choices when one does not fit. */
    public void validate(Runbook runbook, Map<String, String> values) {
        for (Spec spec : specs(runbook)) {
            String value = values.get(spec.param());
            if (value == null || value.isEmpty()) {
                continue; // required-ness is the params' own check
            }
            List<String> choices = spec.source().list(cmdb, values);
            List<String> given = spec.multiple() ? List.of(value.split("\\s*,\\s*")) : List.of(value);
            for (String v : given) {
                if (!choices.contains(v)) {
                    throw new IllegalArgumentException("param " + spec.param() + ": '" + v + "' is not one of "
                            + (choices.size() > 20 ? choices.subList(0, 20) + " …" : choices) + " ("
                            + spec.source().text()
                            + (spec.dependsOn() == null
                                    ? ""
                                    : ", " + spec.dependsOn() + "=" + values.get(spec.dependsOn()))
                            + ")");
                }
            }
        }
    }

    @Override
    public Held enter(String runId, String name, Runbook runbook, Map<String, String> params, BooleanSupplier stopped) {
        try {
            validate(runbook, params);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage());
        }
        return Held.NONE;
    }

    private static JsonNode frontMatter(Runbook runbook) {
        String text = runbook.frontMatter();
        List<String> lines = new ArrayList<>(text.lines().toList());
        if (!lines.isEmpty() && lines.getFirst().strip().equals("---")) {
            lines.removeFirst();
        }
        if (!lines.isEmpty() && lines.getLast().strip().matches("---|\\.\\.\\.")) {
            lines.removeLast();
        }
        try {
            JsonNode root = Json.YAML.readTree(String.join("\n", lines));
            return root == null ? Json.MAPPER.createObjectNode() : root;
        } catch (JacksonException e) {
            return Json.MAPPER.createObjectNode(); // the format reports the broken front matter
        }
    }

    /** Front matter defaults under the given values, for listing choices before a run resolved them. */
    public static Map<String, String> withDefaults(Runbook runbook, Map<String, String> given) {
        Map<String, String> out = new LinkedHashMap<>();
        runbook.metadata().params().forEach((k, spec) -> {
            if (spec.defaultValue() != null) {
                out.put(k, spec.defaultValue());
            }
        });
        out.putAll(given);
        return out;
    }
}
