package dev.tejun.kernel.guard.windows;

import dev.tejun.kernel.format.CheckReport;
import dev.tejun.kernel.runbook.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code tejun check} for maintenance windows: every calendar a file's {@code windows:} or {@code blackouts:} names
 * must exist in the nearest {@code calendars/} folder above the file (and load), and sit under the key its type
 * fits. An unknown name is an error: at run time it would refuse every run.
 */
public final class WindowCheck {

    private WindowCheck() {}

    /** {@code known}: the file's text when the caller has read it already (null: it is read here). */
    public static CheckReport addTo(CheckReport report, String known) {
        return report.plus(known, text -> {
            if (!text.contains("windows") && !text.contains("blackouts") && !text.contains("window-policy")) {
                return List.of();
            }
            WindowRules rules = WindowRules.read(report.path().getFileName().toString(), text);
            List<Problem> extra = new ArrayList<>(rules.problems());
            if (rules.any()) {
                extra.addAll(names(report.path(), rules));
            }
            return extra;
        });
    }

    private static List<Problem> names(Path file, WindowRules rules) {
        List<Problem> out = new ArrayList<>();
        Optional<Path> root = runbooksRoot(file);
        CalendarFiles.Loaded loaded;
        try {
            loaded = root.isPresent() ? CalendarFiles.load(root.get(), ZoneId.of("UTC")) : CalendarFiles.Loaded.NONE;
        } catch (IOException e) {
            return List.of(Problem.error(1, "cannot read the calendars folder: " + e.getMessage()));
        }
        for (String name : rules.names()) {
            boolean asWindow = rules.windows().contains(name);
            MaintenanceCalendar c = loaded.calendars().get(name);
            List<String> broken = loaded.problems().get(name + ".yaml");
            if (broken != null) {
                out.add(Problem.error(1, "calendar " + name + ": " + String.join("; ", broken)));
            } else if (c == null) {
                out.add(Problem.error(
                        1,
                        (asWindow ? "windows" : "blackouts") + ": unknown calendar '" + name + "' (no "
                                + CalendarFiles.FOLDER + "/" + name + ".yaml"
                                + (root.isEmpty() ? " in any folder above this file" : " in " + root.get()) + ")"));
            } else if (asWindow != (c.kind() == MaintenanceCalendar.Kind.ALLOW)) {
                out.add(Problem.warning(
                        1,
                        "calendar " + name + " is of type " + c.kind().key() + " but named under "
                                + (asWindow ? "windows:" : "blackouts:") + "; its type decides"));
            }
        }
        return out;
    }

    /** The nearest folder above {@code file} that holds a {@code calendars/} folder. */
    private static Optional<Path> runbooksRoot(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve(CalendarFiles.FOLDER))) {
                return Optional.of(dir);
            }
            dir = dir.getParent();
        }
        return Optional.empty();
    }
}
