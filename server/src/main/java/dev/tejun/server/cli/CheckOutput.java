package dev.tejun.server.cli;

import dev.tejun.kernel.alert.RuleCheck;
import dev.tejun.kernel.format.CheckReport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** How {@code tejun check} prints one file's report: a summary line, then each cell and each problem indented. */
final class CheckOutput {

    private CheckOutput() {}

    static String describe(CheckReport r) {
        StringBuilder sb = new StringBuilder();
        Map<String, Integer> byLanguage = new LinkedHashMap<>();
        r.cells().stream()
                .filter(c -> !c.language().equals(RuleCheck.LANGUAGE))
                .forEach(c -> byLanguage.merge(c.language(), 1, Integer::sum));
        String languages = byLanguage.entrySet().stream()
                .map(e -> e.getKey() + "×" + e.getValue())
                .collect(Collectors.joining(", "));
        sb.append(r.ok() ? "ok " : "FAIL ")
                .append(r.path())
                .append(" (")
                .append(r.cells().size())
                .append(" ")
                .append(noun(r))
                .append(r.cells().size() == 1 ? "" : "s")
                .append(languages.isEmpty() ? "" : ": " + languages)
                .append(")");
        if (!r.roundTripOk()) {
            sb.append("\n    error: writing the parsed file does not give back the same bytes");
        }
        for (CheckReport.CellSummary c : r.cells()) {
            sb.append("\n    ")
                    .append(noun(r))
                    .append(" ")
                    .append(c.id())
                    .append(" (")
                    .append(c.language())
                    .append(") at line ")
                    .append(c.line());
        }
        r.problems().forEach(p -> sb.append("\n    ").append(p));
        return sb.toString();
    }

    /** A rules file lists rules where a runbook lists cells. */
    private static String noun(CheckReport r) {
        return RuleCheck.isRuleFile(r.path()) ? RuleCheck.LANGUAGE : "cell";
    }
}
