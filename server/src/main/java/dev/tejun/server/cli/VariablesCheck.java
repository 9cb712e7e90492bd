package dev.tejun.server.cli;

import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.harvest.Harvest;
import dev.tejun.kernel.harvest.HarvestedFile;
import dev.tejun.kernel.harvest.Source;
import dev.tejun.kernel.harvest.Usage;
import dev.tejun.kernel.harvest.VariableHarvester;
import dev.tejun.kernel.runbook.Runbook;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The variable part of {@code tejun check FOLDER}: each playbook, role, template and Terraform module with the
 * variables it uses and where each comes from; a variable nothing defines is an error, so a runbook repository's CI
 * fails before anyone runs it. CMDB bindings come from the data folder's {@code tejun.db} when there is one.
 */
final class VariablesCheck {

    private VariablesCheck() {}

    /** @return how many files use a variable nothing defines */
    /** {@code parsed}: the runbooks the format check parsed already, by path (any other is parsed here). */
    static int print(List<Path> folders, Path dbFile, PrintStream out, Map<Path, Runbook> parsed) {
        List<SheetDef> sheets = List.of();
        if (Files.isRegularFile(dbFile)) {
            try (CmdbStore cmdb = new CmdbStore(dbFile)) {
                sheets = cmdb.sheets();
            }
        } else {
            out.println("variables: no CMDB at " + dbFile + " (set TEJUN_HOME): CMDB columns are not counted");
        }
        int failed = 0;
        for (Path folder : folders) {
            Harvest harvest = VariableHarvester.scan(folder, sheets, parsed);
            for (HarvestedFile file : harvest.files()) {
                boolean bad = !file.undefined().isEmpty();
                failed += bad ? 1 : 0;
                out.println((bad ? "FAIL " : "ok ") + "variables of " + folder.resolve(file.path()) + " (" + file.kind()
                        + ")");
                if (file.note() != null) {
                    out.println("    not checked: " + file.note());
                }
                for (Usage u : file.variables()) {
                    out.println("    " + u.name() + " ← "
                            + (u.defined()
                                    ? u.sources().stream().map(Source::toString).collect(Collectors.joining(", "))
                                    : "error: nothing defines it (no CMDB column, param, group var, role default"
                                            + " or play)"));
                }
            }
            harvest.unused().forEach(u -> out.println("warning: CMDB variable used by no file: " + u));
        }
        return failed;
    }
}
