package dev.tejun.kernel.guard.locks;

import dev.tejun.kernel.format.CheckReport;
import dev.tejun.kernel.format.RunbookFormat;
import dev.tejun.kernel.runbook.Cell;
import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.runbook.Problem;
import dev.tejun.kernel.runbook.Runbook;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tejun check} on a runbook's locks: the front matter's {@code locks:} and {@code lock-policy:} in the shapes
 * {@link LockDeclaration} reads, and each lock name — the front matter's and each cell's {@code locks=} — one the
 * lock table can resolve ({@link LockNameCheck}). A flow's locks are checked with the flow.
 */
public final class LockCheck {

    private LockCheck() {}

    public static CheckReport addTo(CheckReport report) {
        return addTo(report, null);
    }

    /** {@code known}: the file's text when the caller has read it already (null: it is read here). */
    public static CheckReport addTo(CheckReport report, String known) {
        return report.plus(
                known,
                text -> text.contains("locks") || text.contains("lock-policy")
                        ? problems(RunbookFormat.parse(text), text)
                        : List.of());
    }

    /** The problems of {@code rb}'s locks, each on the line of the declaration in {@code text}. */
    public static List<Problem> problems(Runbook rb, String text) {
        List<Problem> out = new ArrayList<>();
        LockDeclaration top = LockDeclaration.fromKeys(rb.metadata().extra());
        for (Problem p : top.problems()) {
            String key = p.message().startsWith("lock-policy") ? "lock-policy" : "locks";
            out.add(new Problem(p.severity(), LockNameCheck.topLine(text, key), p.message()));
        }
        int line = LockNameCheck.topLine(text, "locks");
        for (String name : top.templates()) {
            out.addAll(LockNameCheck.problems(name, rb.metadata().params(), line, "", "runbook"));
        }
        for (Cell cell : rb.cells()) {
            if (cell instanceof CodeCell c
                    && c.attributes().get(LockDeclaration.ATTRIBUTE).isPresent()) {
                for (String name : LockDeclaration.ofCell(c, top.policy()).templates()) {
                    out.addAll(LockNameCheck.problems(
                            name, rb.metadata().params(), c.line(), "cell " + c.id() + ": ", "runbook"));
                }
            }
        }
        return out;
    }
}
