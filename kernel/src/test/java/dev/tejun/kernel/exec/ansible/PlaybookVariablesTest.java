package dev.tejun.kernel.exec.ansible;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.util.Set;
import org.junit.jupiter.api.Test;

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
}
