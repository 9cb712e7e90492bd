package dev.tejun.kernel.flow;

import dev.tejun.kernel.flow.def.FlowDefinition;
import dev.tejun.kernel.flow.def.FlowFiles;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.format.CheckReport;
import dev.tejun.kernel.runbook.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code tejun check} for {@code *.flow.yaml} files: the same report as for a runbook (no cells; a flow file is
 * never rewritten, so its round trip is trivially fine), listing every problem with the node it concerns, its
 * locks' included ({@link FlowLockCheck}).
 */
public final class FlowCheck {

    private FlowCheck() {}

    /**
     * Checks one flow file. Runbooks and flows it names are looked up in the runbooks folder that holds it: the
     * nearest enclosing folder named {@code runbooks}, or else the folder of the file itself.
     */
    public static CheckReport check(Path file) {
        Path root = runbooksFolderOf(file);
        try {
            return check(file, new RunbookFolder(root));
        } catch (IOException e) {
            return new CheckReport(
                    file, List.of(), List.of(Problem.error(0, "cannot open " + root + ": " + e.getMessage())), false);
        }
    }

    /** The nearest enclosing folder named {@code runbooks}, or else the folder of the file itself. */
    public static Path runbooksFolderOf(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        for (Path p = abs.getParent(); p != null; p = p.getParent()) {
            if (p.getFileName() != null && p.getFileName().toString().equals("runbooks")) {
                return p;
            }
        }
        return abs.getParent();
    }

    /** Checks one flow file against the given runbooks folder. */
    public static CheckReport check(Path file, RunbookFolder folder) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            return new CheckReport(file, List.of(), List.of(Problem.error(0, "cannot read: " + e.getMessage())), false);
        }
        Path abs = file.toAbsolutePath().normalize();
        String name = abs.startsWith(folder.root())
                ? folder.root().relativize(abs).toString().replace('\\', '/')
                : file.getFileName().toString();
        FlowFiles.Loaded loaded = FlowFiles.loadText(folder, name, text);
        List<Problem> problems = new ArrayList<>(loaded.problems());
        problems.addAll(FlowLockCheck.problems(loaded.definition(), text));
        problems.sort(Comparator.comparingInt(Problem::line));
        return new CheckReport(file, List.of(), problems, true);
    }

    public static boolean isFlow(Path file) {
        return file.getFileName() != null && file.getFileName().toString().endsWith(FlowDefinition.SUFFIX);
    }

    /** The {@code *.flow.yaml} files under {@code folder}, sorted, skipping dot-folders and {@code target}. */
    public static List<Path> flowFiles(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(p -> Files.isRegularFile(p) && isFlow(p))
                    .filter(p -> folder.relativize(p)
                            .toString()
                            .replace('\\', '/')
                            .matches("^(?!.*(^|/)(\\.[^/]*|target)/).*"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
