package dev.tejun.kernel.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TemplateTest {

    private final Map<String, String> values = Map.of(
            "params.env",
            "prod",
            "cells.disk.exit",
            "0",
            "cmdb.hosts.web01.address",
            "10.0.0.5",
            "params.money",
            "$5 \\o/");

    private String fill(String code) {
        return Template.CELLS.fill(code, ref -> Optional.ofNullable(values.get(ref)));
    }

    /** Marks each value so a test sees which slots the engine handed on, and how. */
    private static final Quoting MARK = (text, slots) -> {
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (Slot s : slots) {
            out.append(text, at, s.reference().start())
                    .append(s.reference().raw() ? "RAW(" : "<")
                    .append(s.value())
                    .append(s.reference().raw() ? ")" : ">");
            at = s.reference().end();
        }
        return Rendered.inline(out.append(text.substring(at)).toString());
    };

    @Test
    void fill_replacesEveryNamespace() {
        assertEquals(
                "deploy prod 0 10.0.0.5", fill("deploy ${params.env} ${cells.disk.exit} ${cmdb.hosts.web01.address}"));
    }

    @Test
    void fill_leavesShellVariablesJinjaAndOtherPrefixesAlone() {
        String code = "echo ${HOME} $PATH ${x:-y} {{ inventory_hostname }} ${params} ${labels.x} ${nodes.a.b.c}";
        assertEquals(code, fill(code));
    }

    @Test
    void fill_valuesWithDollarsAndBackslashesAreLiteral() {
        assertEquals("x=$5 \\o/", fill("x=${params.money}"));
    }

    @Test
    void render_unresolved_failsNamingEveryReferenceOnce() {
        Template.Unresolved e =
                assertThrows(Template.Unresolved.class, () -> fill("${params.nope} ${cells.x.stdout} ${params.nope}"));
        assertEquals(List.of("params.nope", "cells.x.stdout"), e.references());
        assertEquals("unresolved references ${params.nope}, ${cells.x.stdout}", e.getMessage());
        assertEquals("unresolved reference ${x}", new Template.Unresolved(List.of("x")).getMessage());
    }

    @Test
    void render_handsEachSlotWithItsReferenceToTheQuoting() {
        Rendered r = Template.CELLS.render(
                "a=${params.env} b=${raw:params.env} c=${HOME}",
                ref -> Optional.ofNullable(values.get(ref.name())).map(v -> new Slot(ref, v, "integer")),
                MARK);
        assertEquals("a=<prod> b=RAW(prod) c=${HOME}", r.text());
    }

    @Test
    void references_findRawMarkerWithAnyPrefix() {
        List<Reference> refs = Template.CELLS.references("${params.a} ${HOME} ${raw:cells.b.exit} ${raw:cmdb.s.h.c}");
        assertEquals(
                List.of("params.a", "cells.b.exit", "cmdb.s.h.c"),
                refs.stream().map(Reference::name).toList());
        assertEquals(
                List.of(false, true, true), refs.stream().map(Reference::raw).toList());
        assertEquals(20, refs.get(1).start());
    }

    @Test
    void events_takeDottedPrefixesAndWholeNames() {
        assertEquals(
                List.of("labels.instance", "status", "source"),
                Template.EVENTS.names("${labels.instance} ${status} ${source} ${statusx} ${params.x}"));
        assertEquals(
                List.of("${statusx}", "${params.x}"), Template.EVENTS.unknown("${labels.a} ${statusx} ${params.x}"));
    }

    @Test
    void flows_takeParamsAndNodes() {
        assertEquals(
                "web1 ok",
                Template.FLOWS.fill(
                        "${params.host} ${nodes.a.check.status}",
                        ref -> Optional.of(ref.equals("params.host") ? "web1" : "ok")));
        assertTrue(Template.FLOWS.references("${cells.a.stdout}").isEmpty());
        assertFalse(Template.FLOWS.references("${nodes.a.b.stdout}").isEmpty());
    }

    @Test
    void slot_typeDefaultsToString() {
        assertEquals("string", new Slot(new Reference(0, 1, "x", false), "v", null).type());
    }
}
