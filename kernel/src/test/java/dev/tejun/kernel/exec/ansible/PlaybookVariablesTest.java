package dev.tejun.kernel.exec.ansible;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaybookVariablesTest {

    @Test
    void used_rootNamesOnly_notFiltersAttributesMagicOrGuarded() {
        Set<String> used = PlaybookVariables.used("""
                {{ port }} {{ name | upper }} {{ conf.path }} {{ hostvars[inventory_hostname].x }}
                {{ opt | default('a') }} {{ maybe is defined }} {{ 'lit' ~ suffix }} {{ ansible_facts.os }}
                {{ lookup('env', 'HOME') }} {{ items | map(attribute='n') | join(',') }} {{ item }}
                """);
        assertEquals(Set.of("port", "name", "conf", "suffix", "items"), used);
    }

    @Test
    void read_definedByPlayVarsRegisterLoopVarAndSetFact() throws IOException {
        PlaybookVariables.Report r = PlaybookVariables.read("""
                - hosts: all
                  vars: { greeting: hi }
                  tasks:
                    - command: echo {{ greeting }} {{ missing_one }}
                      register: out
                    - debug: { msg: "{{ out.stdout }} {{ each }}" }
                      loop: [1, 2]
                      loop_control: { loop_var: each }
                    - set_fact: { later: 1 }
                    - debug: { msg: "{{ later }} {{ from_cmdb }}" }
                """, null);
        assertEquals(Set.of("missing_one"), r.missing(Set.of("from_cmdb")));
    }

    @Test
    void read_includeVars_turnsCheckOff() throws IOException {
        PlaybookVariables.Report r = PlaybookVariables.read("""
                - hosts: all
                  tasks:
                    - include_vars: extra.yml
                    - debug: { msg: "{{ anything }}" }
                """, null);
        assertNotNull(r.opaque());
    }

    @Test
    void read_commentsJinjaBindingsAndSetFactKeyValue_notReportedMissing() throws IOException {
        PlaybookVariables.Report r = PlaybookVariables.read("""
                # {{ in_a_comment }} is no use
                - hosts: all  # nor {{ after_a_value }}
                  tasks:
                    - ansible.builtin.set_fact: first=1 second="two words"
                    - ansible.builtin.copy:
                        content: "{% for u in people %}{{ u.name }}{% endfor %}{% set total = 3 %}{{ total }}"
                        dest: /tmp/x
                    - debug: { msg: "{{ first }} {{ second }} {# {{ commented }} #}" }
                """, null);

        assertEquals(Set.of(), r.missing(Set.of()));
        assertEquals(null, r.opaque());
    }

    @Test
    void read_folderDefinitions_varsFilesIncludeVarsIncludedTasksRoleDefaultsAndGroupVars(@TempDir Path dir)
            throws IOException {
        write(dir, "vars/common.yml", "from_vars_file: 1\n");
        write(dir, "vars/loaded.yml", "from_include_vars: 1\n");
        write(dir, "tasks/setup.yml", "- command: id\n  register: from_included_tasks\n");
        write(dir, "roles/web/defaults/main.yml", "from_role_default: 1\n");
        write(dir, "roles/web/tasks/main.yml", "- include_tasks: more.yml\n");
        write(dir, "roles/web/tasks/more.yml", "- set_fact: { from_role_tasks: 1 }\n");
        write(dir, "group_vars/all/main.yml", "from_group_vars: 1\n");
        write(dir, "host_vars/h1.yml", "from_host_vars: 1\n");

        PlaybookVariables.Report r = PlaybookVariables.read("""
                - hosts: all
                  vars_files: [vars/common.yml]
                  roles:
                    - { role: web, from_role_param: 8080 }
                  tasks:
                    - include_vars: loaded.yml
                    - import_tasks: tasks/setup.yml
                    - debug: { msg: "{{ item_x }}" }
                      loop: [1]
                      loop_control: { loop_var: item_x }
                    - debug:
                        msg: >-
                          {{ from_vars_file }} {{ from_include_vars }} {{ from_included_tasks }}
                          {{ from_role_default }} {{ from_role_tasks }} {{ from_group_vars }} {{ from_host_vars }}
                          {{ from_role_param }} {{ nobody }}
                """, dir);

        assertEquals(Set.of("nobody"), r.missing(Set.of()));
        assertEquals(null, r.opaque());
    }

    @Test
    void read_vaultedVarsFile_notSureSoOpaque(@TempDir Path dir) throws IOException {
        write(dir, "vars/secrets.yml", "$ANSIBLE_VAULT;1.1;AES256\n6162636465\n");

        PlaybookVariables.Report r = PlaybookVariables.read("""
                - hosts: all
                  vars_files: [vars/secrets.yml]
                  tasks:
                    - debug: { msg: "{{ db_password }}" }
                """, dir);

        assertEquals("vars_files vars/secrets.yml is vaulted", r.opaque());
    }

    private static void write(Path dir, String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
