package dev.tejun.kernel.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every rendered playbook is parsed as YAML (as Ansible will), and the scalar that held the reference must be the
 * expected Jinja text; the value itself is only ever in {@link Rendered#variables()}.
 */
class AnsibleQuotingTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    private static Rendered render(String template, String value) {
        return render(template, value, "string");
    }

    private static Rendered render(String template, String value, String type) {
        return AnsibleQuoting.INSTANCE.render(template, Adversarial.slots(template, value, type));
    }

    /** The first task's value at {@code path} (keys separated by /) after parsing the rendered playbook. */
    private static JsonNode task(Rendered r, String path) throws IOException {
        JsonNode node = YAML.readTree(r.text()).get(0).get("tasks").get(0);
        for (String key : path.split("/")) {
            node = node.get(key);
        }
        return node;
    }

    private static String play(String task) {
        return "- hosts: all\n  tasks:\n    - " + task + "\n";
    }

    @Test
    void render_everyValue_onlyInVariablesAndExact() throws IOException {
        for (String v : Adversarial.languageValues()) {
            Rendered r = render(play("debug: msg=${params.x}"), v);
            assertEquals(Map.of("tejun_value_1", v), r.variables());
            assertEquals("msg={{ tejun_value_1 }}", task(r, "debug").asText());
        }
    }

    @Test
    void render_plainScalarStartingWithTheReference_becomesDoubleQuoted() throws IOException {
        Rendered r = render("- hosts: ${params.a}-web # the web group\n  tasks: []\n", "web1");
        assertEquals("- hosts: \"{{ tejun_value_1 }}-web\" # the web group\n  tasks: []\n", r.text());
        assertEquals(
                "{{ tejun_value_1 }}-web",
                YAML.readTree(r.text()).get(0).get("hosts").asText());
    }

    @Test
    void render_plainScalarWithQuotesAndBackslashes_keepsTheirMeaning() throws IOException {
        Rendered r = render(play("debug: msg=a \"q\" C:\\dir ${params.a} and ${params.b} end  "), "v");
        assertEquals(
                "msg=a \"q\" C:\\dir {{ tejun_value_1 }} and {{ tejun_value_2 }} end",
                task(r, "debug").asText());
        assertEquals(2, r.variables().size());
    }

    @Test
    void render_quotedAndBlockScalars_jinjaReferenceAsItIs() throws IOException {
        assertEquals(
                "a {{ tejun_value_1 }} b",
                task(render(play("debug: { msg: \"a ${params.x} b\" }"), "'\""), "debug/msg")
                        .asText());
        assertEquals(
                "a {{ tejun_value_1 }} b",
                task(render(play("debug: { msg: 'a ${params.x} b' }"), "'\""), "debug/msg")
                        .asText());
        assertEquals(
                "{{ tejun_value_1 }}",
                task(render(play("debug: { msg: ${params.x}, verbosity: 0 }"), "x"), "debug/msg")
                        .asText());
        Rendered block = render(
                play("copy:\n        dest: /tmp/x\n        content: |\n          line ${params.x}\n          more"),
                "v");
        assertEquals(
                "line {{ tejun_value_1 }}\nmore\n", task(block, "copy/content").asText());
    }

    @Test
    void render_underAShellModule_quotedForTheShell() throws IOException {
        assertEquals(
                "echo {{ tejun_value_1 | quote }} \"q\"",
                task(render(play("command: echo ${params.x} \"q\""), "$(touch F)"), "command")
                        .asText());
        assertEquals(
                "printf %s {{ tejun_value_1 | quote }}\n",
                task(
                                render(play("ansible.builtin.shell: |\n        printf %s ${params.x}"), "x"),
                                "ansible.builtin.shell")
                        .asText());
        assertEquals(
                "ls {{ tejun_value_1 | quote }}",
                task(
                                render(play("ansible.builtin.command:\n        cmd: ls ${params.x}"), "x"),
                                "ansible.builtin.command/cmd")
                        .asText());
        assertEquals(
                "echo '{{ tejun_value_1 | quote }}'",
                task(render(play("raw: \"echo '${params.x}'\""), "x"), "raw").asText(),
                "its own quotes are the author's");
        assertEquals(
                "msg={{ tejun_value_1 }}",
                task(render(play("debug: msg=${params.x}"), "x"), "debug").asText(),
                "not under a shell module: no quote");
    }

    @Test
    void render_insideJinja_theBareNameTypedForTypedParams() throws IOException {
        assertEquals(
                "msg=\"{{ tejun_value_1 | upper }}\"",
                task(render(play("debug: msg=\"{{ ${params.x} | upper }}\""), "x"), "debug")
                        .asText());
        assertEquals(
                "{{ tejun_value_1 | upper }}",
                task(render(play("debug: { msg: \"{{ ${params.x} | upper }}\" }"), "x"), "debug/msg")
                        .asText());
        Rendered when = render(play("debug: msg=hi\n      when: ${params.flag}"), "false", "boolean");
        assertEquals("(tejun_value_1 | bool)", task(when, "when").asText());
        assertEquals(
                "x == tejun_value_1",
                task(render(play("debug: msg=hi\n      when: x == ${params.a}"), "a"), "when")
                        .asText());
        assertEquals(
                "(tejun_value_1 | int) > 3",
                task(render(play("debug: msg=hi\n      when:\n        - ${params.n} > 3"), "5", "integer"), "when")
                        .get(0)
                        .asText());
    }

    @Test
    void render_insideAJinjaStringLiteral_refused() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> render(play("debug: msg=\"{{ 'a${params.x}' }}\""), "x"));
        assertTrue(
                e.getMessage().startsWith("${params.x} is inside a string literal of a Jinja expression"),
                e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> render(play("debug: msg=hi\n      when: x == '${params.x}'"), "x"));
    }

    @Test
    void render_comment_valueCannotEndItAndIsNotAVariable() throws IOException {
        for (String v : Adversarial.languageValues()) {
            Rendered r = render("# ${params.x}\n- hosts: all\n  tasks: []\n", v);
            assertEquals(r.text().indexOf('\n'), r.text().indexOf("\n- hosts: all\n"));
            assertEquals(Map.of(), r.variables());
            assertEquals("all", YAML.readTree(r.text()).get(0).get("hosts").asText());
        }
    }

    @Test
    void render_afterABackslashInADoubleQuotedScalar_refused() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> render(play("debug: { msg: \"a\\${params.x}\" }"), "x"));
        assertTrue(e.getMessage().contains("follows a backslash"), e.getMessage());
    }

    @Test
    void render_typedValueThatIsNotOfItsType_refusedWithoutEchoingIt() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> render(play("debug: msg=${params.n}"), "1 }}{{ 2", "integer"));
        assertEquals("${params.n} is declared integer but its value is not a whole number", e.getMessage());
    }

    @Test
    void render_raw_pastedAsItIs() {
        Rendered r = render(play("debug: msg=\"${raw:params.x}\""), "{{ 1 + 1 }}");
        assertTrue(r.text().contains("msg=\"{{ 1 + 1 }}\""), r.text());
        assertFalse(r.text().contains("tejun_value"));
    }

    @Test
    void render_aPlaybookOfManyShapes_keepsItsStructure() throws IOException {
        String template = """
                - name: Deploy ${params.v} # to the web tier
                  hosts: web
                  vars:
                    release: ${params.v}
                    items: [${params.v}, b]
                  tasks:
                    - name: run
                      ansible.builtin.shell: | # a comment on the indicator
                        echo ${params.v} # inside the block this is text
                      args: { chdir: /tmp }
                    - debug:
                        msg: >-
                          folded ${params.v}
                    - debug: { msg: "two
                        lines ${params.v}" }
                - hosts: db
                  tasks: []
                """;
        Rendered r = render(template, "x");
        JsonNode plays = YAML.readTree(r.text());
        assertEquals(2, plays.size(), r.text());
        JsonNode play = plays.get(0);
        assertEquals("Deploy {{ tejun_value_1 }}", play.get("name").asText());
        assertEquals("{{ tejun_value_2 }}", play.get("vars").get("release").asText());
        assertEquals("{{ tejun_value_3 }}", play.get("vars").get("items").get(0).asText());
        assertEquals("b", play.get("vars").get("items").get(1).asText());
        JsonNode tasks = play.get("tasks");
        assertEquals(
                "echo {{ tejun_value_4 | quote }} # inside the block this is text\n",
                tasks.get(0).get("ansible.builtin.shell").asText());
        assertEquals("/tmp", tasks.get(0).get("args").get("chdir").asText());
        assertEquals(
                "folded {{ tejun_value_5 }}",
                tasks.get(1).get("debug").get("msg").asText());
        assertEquals(
                "two lines {{ tejun_value_6 }}",
                tasks.get(2).get("debug").get("msg").asText());
        assertEquals("db", plays.get(1).get("hosts").asText());
        assertEquals(6, r.variables().size());
    }

    @Test
    void render_manyReferences_numberedInTextOrder() {
        Rendered r = AnsibleQuoting.INSTANCE.render(
                "a: ${params.a}\nb: ${params.b}\n",
                List.of(
                        new Slot(new Reference(3, 14, "params.a", false), "A", "string"),
                        new Slot(new Reference(18, 29, "params.b", false), "B", "string")));
        assertEquals("a: \"{{ tejun_value_1 }}\"\nb: \"{{ tejun_value_2 }}\"\n", r.text());
        assertEquals(Map.of("tejun_value_1", "A", "tejun_value_2", "B"), r.variables());
    }
}
