package dev.tejun.kernel.alert;

import dev.tejun.kernel.format.CheckReport;
import dev.tejun.kernel.runbook.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code tejun check} and {@code tejun rules check} on rule files: the same parse the server makes when it loads
 * {@code rules/*.yaml}, so a file that checks clean loads clean. Each rule is listed as a "cell" of language
 * {@code rule} at the line of its name; each problem has the line it is on.
 */
public final class RuleCheck {

    public static final String LANGUAGE = "rule";

    private RuleCheck() {}

    /** Whether {@code file} is a rules file: {@code *.yaml}/{@code *.yml} directly in a folder named {@code rules}. */
    public static boolean isRuleFile(Path file) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return parent != null
                && parent.getFileName() != null
                && parent.getFileName().toString().equals(RuleFiles.FOLDER)
                && file.getFileName().toString().matches(".*\\.ya?ml")
                && !file.getFileName().toString().endsWith(".flow.yaml");
    }

    /** The rules files the server would load from the runbooks folder {@code folder} ({@code folder/rules/*.yaml}). */
    public static List<Path> ruleFiles(Path folder) {
        Path dir = folder.resolve(RuleFiles.FOLDER);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> Files.isRegularFile(p) && isRuleFile(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CheckReport check(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            return new CheckReport(file, List.of(), List.of(Problem.error(0, "cannot read: " + e.getMessage())), true);
        }
        String name = RuleFiles.FOLDER + "/" + file.getFileName();
        RuleFiles.Parsed parsed = RuleFiles.parse(name, text);
        List<CheckReport.CellSummary> rules = parsed.rules().stream()
                .map(r -> {
                    String rule = r.id().substring(r.id().indexOf('#') + 1);
                    return new CheckReport.CellSummary(rule, LANGUAGE, RuleFiles.lineOf(text, rule));
                })
                .toList();
        return new CheckReport(file, rules, parsed.problems(), true);
    }
}
