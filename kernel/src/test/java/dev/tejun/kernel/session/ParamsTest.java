package dev.tejun.kernel.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.runbook.Metadata;
import dev.tejun.kernel.runbook.ParamSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamsTest {

    private static Metadata metadata(ParamSpec... specs) {
        Map<String, ParamSpec> params = new LinkedHashMap<>();
        for (ParamSpec s : specs) {
            params.put(s.name(), s);
        }
        return new Metadata("t", params, List.of(), null, Map.of());
    }

    private final Metadata md = metadata(
            new ParamSpec("env", "string", "staging", List.of("staging", "prod"), false, null),
            new ParamSpec("dry_run", "boolean", "true", List.of(), false, null),
            new ParamSpec("count", "integer", null, List.of(), false, null));

    @Test
    void resolve_fillsDefaultsAndTakesGivenValues() {
        assertEquals(
                Map.of("env", "prod", "dry_run", "true", "count", "3"),
                Params.resolve(md, Map.of("env", "prod", "count", "3")));
    }

    @Test
    void resolve_reportsEveryProblemAtOnce() {
        Params.InvalidParams e = assertThrows(
                Params.InvalidParams.class,
                () -> Params.resolve(md, Map.of("env", "qa", "dry_run", "maybe", "colour", "red")));
        List<String> p = e.problems();
        assertEquals(4, p.size(), p.toString());
        assertTrue(p.contains("unknown param 'colour' (declared: env, dry_run, count)"), p.toString());
        assertTrue(p.contains("missing param 'count'"), p.toString());
        assertTrue(p.contains("param 'env' must be one of [staging, prod], not 'qa'"), p.toString());
        assertTrue(p.contains("param 'dry_run' must be true or false, not 'maybe'"), p.toString());
    }

    @Test
    void resolve_integerChecked() {
        assertThrows(Params.InvalidParams.class, () -> Params.resolve(md, Map.of("count", "3.5")));
    }

    @Test
    void resolve_secretOfWrongType_problemDoesNotRepeatTheValue() {
        Metadata secret = metadata(
                new ParamSpec("pin", "integer", null, List.of(), true, null),
                new ParamSpec("key", "string", null, List.of("k-alpha-1", "k-beta-2"), true, null));
        Params.InvalidParams e = assertThrows(
                Params.InvalidParams.class,
                () -> Params.resolve(secret, Map.of("pin", "hunter2-pin", "key", "k-gamma-3")));
        assertEquals(
                List.of("param 'pin' must be an integer", "param 'key' must be one of its allowed values"),
                e.problems());
        assertFalse(e.getMessage().contains("hunter2") || e.getMessage().contains("k-"), e.getMessage());
    }
}
