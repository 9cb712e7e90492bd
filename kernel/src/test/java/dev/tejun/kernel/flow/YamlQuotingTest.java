package dev.tejun.kernel.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tejun.kernel.template.Adversarial;
import dev.tejun.kernel.template.Slot;
import dev.tejun.kernel.template.Template;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A flow cell's body after quoting, read by the flow cell itself: one param per key, each value exact. */
class YamlQuotingTest {

    private static String render(String body, String value) {
        return Template.CELLS
                .render(body, r -> Optional.of(new Slot(r, value, "string")), YamlQuoting.INSTANCE)
                .text();
    }

    @Test
    void render_hostileValues_stayOneScalarInEveryKindOfScalar() {
        String body = """
                plain: ${params.v}
                around: pre ${params.v} post # comment ${params.v}
                double: "d \\"${params.v}\\" \\t"
                single: 's ''${params.v}'' '
                # a comment ${params.v}
                - ignored
                """.replace("- ignored\n", "");
        for (String value : Adversarial.values(Path.of("/nonexistent/F"))) {
            Map<String, String> params = FlowExecutor.params(render(body, value));
            assertEquals(
                    Map.of(
                            "plain",
                            value,
                            "around",
                            "pre " + value + " post",
                            "double",
                            "d \"" + value + "\" \t",
                            "single",
                            "s '" + value + "' "),
                    params,
                    Adversarial.label(value));
        }
    }

    @Test
    void render_valueThatLooksLikeYaml_addsNoKey() {
        assertEquals(
                Map.of("env", "x\nadmin: true"), FlowExecutor.params(render("env: ${params.v}", "x\nadmin: true")));
        assertEquals(
                Map.of("env", "a\", other: \"b"), FlowExecutor.params(render("env: ${params.v}", "a\", other: \"b")));
    }

    @Test
    void render_referenceInAKey_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> render("${params.v}: x", "k"));
        assertThrows(IllegalArgumentException.class, () -> render("env: [${params.v}]", "k"));
    }
}
