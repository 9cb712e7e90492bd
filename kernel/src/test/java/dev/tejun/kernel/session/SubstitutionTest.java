package dev.tejun.kernel.session;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SubstitutionTest {

    private final Map<String, String> values = Map.of("params.env", "prod", "cells.disk.exit", "0",
            "cmdb.hosts.web01.address", "10.0.0.5", "params.money", "$5 \\o/");

    private String apply(String code) {
        return Substitution.apply(code, ref -> Optional.ofNullable(values.get(ref)));
    }

    @Test
    void apply_replacesEveryNamespace() {
        assertEquals("deploy prod 0 10.0.0.5",
                apply("deploy ${params.env} ${cells.disk.exit} ${cmdb.hosts.web01.address}"));
    }

    @Test
    void apply_leavesShellVariablesAndJinjaAlone() {
        String code = "echo ${HOME} $PATH ${x:-y} {{ inventory_hostname }} ${params}";
        assertEquals(code, apply(code));
    }

    @Test
    void apply_valuesWithDollarsAndBackslashesAreLiteral() {
        assertEquals("x=$5 \\o/", apply("x=${params.money}"));
    }

    @Test
    void apply_unresolved_failsNamingEveryReference() {
        Substitution.Unresolved e = assertThrows(Substitution.Unresolved.class,
                () -> apply("${params.nope} ${cells.x.stdout} ${params.nope}"));
        assertEquals(List.of("params.nope", "cells.x.stdout"), e.references());
        assertEquals("unresolved references ${params.nope}, ${cells.x.stdout}", e.getMessage());
    }

    @Test
    void references_listsInOrder() {
        assertEquals(List.of("params.a", "cells.b.exit"), Substitution.references("${params.a} ${HOME} ${cells.b.exit}"));
    }
}
