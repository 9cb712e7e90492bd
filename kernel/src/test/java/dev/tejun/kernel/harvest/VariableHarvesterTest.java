package dev.tejun.kernel.harvest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.kernel.format.RunbookFormat;
import dev.tejun.kernel.runbook.Runbook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VariableHarvesterTest {

    @TempDir
    Path folder;

    List<SheetDef> sheets = List.of(
            SheetDef.host("base", "", ColumnDef.of("ntp_server", ColumnType.STRING)),
            SheetDef.host("web", "", ColumnDef.of("port", ColumnType.INTEGER).withVariable("http_listen")),
            SheetDef.host("spare", "", ColumnDef.of("nobody_uses", ColumnType.STRING)),
            SheetDef.data(
                    "groupvars", "", ColumnDef.of("group", ColumnType.STRING), ColumnDef.of("dns", ColumnType.IP)));

    @BeforeEach
    void files() throws IOException {
        write("site.yml", """
                - hosts: web
                  vars: { http_port: 80 }
                  roles: [ntp]
                  tasks:
                    - ansible.builtin.command: echo {{ ntp_server }} {{ http_port }} {{ env }} {{ undefined_one }}
                      register: out
                    - ansible.builtin.debug: { msg: "{{ out.stdout }} {{ http_listen }} {{ dns }}" }
                    - ansible.builtin.set_fact: { tuned: "{{ ansible_memtotal_mb }}" }
                    - ansible.builtin.debug: { msg: "{{ tuned }}" }
                """);
        write("roles/ntp/defaults/main.yml", "ntp_pool: pool.example\n");
        write("roles/ntp/tasks/main.yml", """
                - ansible.builtin.template: { src: chrony.conf.j2, dest: "/etc/{{ ntp_pool }}" }
                """);
        write(
                "roles/ntp/templates/chrony.conf.j2",
                "server {{ ntp_server }}\npool {{ ntp_pool }} {{ missing_in_template }}\n");
        write("ops/deploy.md", """
                ---
                title: Deploy
                params:
                  env: { default: staging }
                ---
                ```ansible {#site playbook=site.yml group-vars-from=groupvars}
                ```

                ```ansible {#inline}
                - hosts: all
                  tasks:
                    - ansible.builtin.debug: { msg: "{{ env }} {{ nowhere }}" }
                ```
                """);
        write("tf/main.tf", """
                variable "region" {}
                variable "size" {
                  default = "s"
                }
                variable "web" {}
                output "x" { value = "${var.region}-${var.size}-${var.web}-${var.ghost}" }
                """);
    }

    @Test
    void scan_eachVariableWithWhereItsValueComesFrom() {
        Harvest harvest = VariableHarvester.scan(folder, sheets, Map.of());
        Map<String, HarvestedFile> files = harvest.files().stream()
                .collect(Collectors.toMap(HarvestedFile::path, f -> f, (a, b) -> a, java.util.LinkedHashMap::new));
        assertEquals(
                List.of(
                        "ops/deploy.md#inline",
                        "roles/ntp/tasks/main.yml",
                        "roles/ntp/templates/chrony.conf.j2",
                        "site.yml",
                        "tf/*.tf"),
                List.copyOf(files.keySet()));
        Map<String, String> site = sources(files.get("site.yml"));
        assertEquals("cmdb base.ntp_server", site.get("ntp_server"));
        assertEquals("cmdb web.port", site.get("http_listen"), "the column's bound variable, not its name");
        assertEquals("playbook site.yml", site.get("http_port"));
        assertEquals("registered site.yml", site.get("out"));
        assertEquals("fact site.yml", site.get("tuned"), "set by set_fact");
        assertEquals("fact gathered (setup)", site.get("ansible_memtotal_mb"));
        assertEquals(List.of("ops/deploy.md"), files.get("site.yml").runbooks(), "the runbook that runs it");
        assertEquals(List.of("ops/deploy.md"), files.get("ops/deploy.md#inline").runbooks());
        assertEquals("param ops/deploy.md", site.get("env"), "the runbook that runs it declares the param");
        assertEquals("group var groupvars.dns", site.get("dns"));
        assertEquals("", site.get("undefined_one"));
        assertEquals(List.of("undefined_one"), files.get("site.yml").undefined());

        Map<String, String> template = sources(files.get("roles/ntp/templates/chrony.conf.j2"));
        assertEquals("role default roles/ntp/defaults/main.yml", template.get("ntp_pool"));
        assertEquals(
                List.of("missing_in_template"),
                files.get("roles/ntp/templates/chrony.conf.j2").undefined());
        assertEquals(List.of("nowhere"), files.get("ops/deploy.md#inline").undefined());

        Map<String, String> tf = sources(files.get("tf/*.tf"));
        assertEquals("terraform default tf", tf.get("size"));
        assertEquals("cmdb web", tf.get("web"), "vars-from=web gives the variable named after the sheet");
        assertEquals(List.of("ghost", "region"), files.get("tf/*.tf").undefined());

        assertEquals(List.of("nobody_uses ← spare.nobody_uses"), harvest.unused());
        assertFalse(harvest.ok());
    }

    @Test
    void scan_includeVars_notJudgedButNoted() throws IOException {
        Files.delete(folder.resolve("site.yml"));
        Files.delete(folder.resolve("ops/deploy.md"));
        Files.delete(folder.resolve("tf/main.tf"));
        Files.delete(folder.resolve("roles/ntp/templates/chrony.conf.j2"));
        write("opaque.yml", """
                - hosts: all
                  tasks:
                    - ansible.builtin.include_vars: { file: extra.yml }
                    - ansible.builtin.debug: { msg: "{{ from_extra }}" }
                """);
        Harvest harvest = VariableHarvester.scan(folder, sheets, Map.of());
        HarvestedFile opaque = harvest.files().stream()
                .filter(f -> f.path().equals("opaque.yml"))
                .findFirst()
                .orElseThrow();
        assertTrue(opaque.note().contains("include_vars"), opaque.note());
        assertTrue(harvest.ok(), "a file that cannot be judged does not fail the check");
    }

    @Test
    void scan_runbookParsedAlready_isTakenAsGivenNotParsedAgain() throws IOException {
        Path deploy = folder.resolve("ops/deploy.md");
        // what the caller parsed declares the param the inline cell uses; the file on disk does not
        Runbook parsed = RunbookFormat.parse(Files.readString(deploy).replace("  env:", "  nowhere: {}\n  env:"));

        Harvest harvest = VariableHarvester.scan(folder, sheets, Map.of(deploy, parsed));

        HarvestedFile inline = harvest.files().stream()
                .filter(f -> f.path().equals("ops/deploy.md#inline"))
                .findFirst()
                .orElseThrow();
        assertEquals(List.of(), inline.undefined(), "the param came from the runbook handed in");
        assertEquals(
                List.of("nowhere"),
                VariableHarvester.scan(folder, sheets, Map.of()).files().stream()
                        .filter(f -> f.path().equals("ops/deploy.md#inline"))
                        .findFirst()
                        .orElseThrow()
                        .undefined(),
                "without it the file is read and parsed");
    }

    private static Map<String, String> sources(HarvestedFile file) {
        return file.variables().stream()
                .collect(Collectors.toMap(
                        Usage::name,
                        u -> u.sources().stream().map(Source::toString).collect(Collectors.joining(", "))));
    }

    private void write(String rel, String text) throws IOException {
        Path file = folder.resolve(rel);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
