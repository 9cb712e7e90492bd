package dev.tejun.kernel.exec.ansible;

import dev.tejun.cmdb.inventory.Inventory;
import dev.tejun.cmdb.inventory.InventoryExport;
import dev.tejun.cmdb.inventory.InventoryHost;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.exec.remote.CellSettings;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Before Ansible starts: a variable the playbook uses that nobody defines ({@link PlaybookVariables}) refuses the
 * cell ({@code var-check=refuse}, the default), or is only reported ({@code warn}), or is not looked for
 * ({@code off}); a {@code vars_prompt} needs a runbook param of the same name, as a cell cannot prompt.
 */
final class VariableCheck {

    private VariableCheck() {}

    /** The cell's {@code var-check=}; refused when the playbook prompts for something no param answers. */
    static String mode(CellSettings s, Playbook playbook, Map<String, String> params) throws CellSettings.Refused {
        String varCheck = s.text("var-check").orElse("refuse");
        if (!List.of("refuse", "warn", "off").contains(varCheck)) {
            throw new CellSettings.Refused("var-check=" + varCheck + " is not refuse, warn or off");
        }
        String unanswered = PlaybookVariables.prompts(playbook.text()).stream()
                .filter(p -> !params.containsKey(p))
                .collect(Collectors.joining(", "));
        if (!unanswered.isEmpty()) {
            throw new CellSettings.Refused("the playbook's vars_prompt asks for " + unanswered + ": a cell cannot "
                    + "prompt; give the runbook params of the same name");
        }
        return varCheck;
    }

    /** The refusal when the playbook uses a variable that nobody defines; null when it may run. */
    static String refusal(
            Playbook playbook,
            Inventory inventory,
            GroupVars groupVars,
            Map<String, String> params,
            Map<String, String> variables,
            boolean warnOnly,
            Output output) {
        PlaybookVariables.Report report;
        try {
            report = PlaybookVariables.read(playbook.text(), playbook.dir());
        } catch (IOException e) {
            return "the playbook is not valid YAML: " + e.getMessage();
        }
        Set<String> known = new TreeSet<>(params.keySet());
        known.addAll(variables.keySet());
        known.addAll(groupVars.names());
        for (InventoryHost h : inventory.hosts().values()) {
            known.addAll(InventoryExport.hostVars(h).keySet());
            known.addAll(h.secrets().keySet());
        }
        Set<String> missing = report.missing(known);
        if (missing.isEmpty()) {
            return null;
        }
        String text = "variables used by the playbook but defined by neither the CMDB, the params nor the playbook";
        String names = ": " + String.join(", ", missing);
        if (report.opaque() != null || warnOnly) {
            // not sure (the playbook loads variables we cannot see) or told to warn: say it and let Ansible judge
            output.stdout("warning: " + text + names
                    + (report.opaque() == null ? "" : " (not sure: " + report.opaque() + ")") + "\n");
            return null;
        }
        return text + " (var-check=warn runs it anyway)" + names;
    }
}
