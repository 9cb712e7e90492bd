package dev.tejun.kernel.exec.java;

import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.Output;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.spi.ExecutionControl;

/**
 * Runs one cell in a JShell. {@link JShell#eval} takes only the first snippet of its input, so the cell is cut
 * into snippets with JShell's own source analysis and they run one by one, stopping at the first that does not
 * compile or throws. The value of the cell is the value of its last snippet when that is an expression.
 * Expressions and statements run before with the same text run again from their compiled class ({@link Reruns});
 * new ones are compiled outside JShell when they can be ({@link QuickSnippets}).
 */
final class CellRunner {

    private final JShell jshell;
    private final AgentControl control;
    private final Reruns reruns;
    private final QuickSnippets quick;
    private final Map<String, SnippetOrigin> origins;
    private final String cellId;
    private final CellSource cell;
    private final Output output;
    private final BooleanSupplier cancelled;

    /**
     * @param shell     the JShell, its JVM and what it keeps: this run adds the origins of its cell's snippets
     * @param cancelled checked between snippets, so a stopped cell does not go on with its next snippet
     */
    CellRunner(RemoteShell shell, String cellId, String code, Output output, BooleanSupplier cancelled) {
        this.jshell = shell.jshell();
        this.control = shell.control();
        this.reruns = shell.reruns();
        this.quick = shell.quick();
        this.origins = shell.origins();
        this.cellId = cellId;
        this.cell = new CellSource(code);
        this.output = output;
        this.cancelled = cancelled;
    }

    /** How a failure starts when JShell was closed under the cell (its JVM exited). */
    static final String NOT_RUNNING = "JShell is not running: ";

    /** Runs the cell; null when it was cancelled part way (the caller knows why). */
    CellOutcome run() {
        String value = null;
        int position = 0;
        String text = cell.text();
        while (position < text.length() && !cancelled.getAsBoolean()) {
            String rest = text.substring(position);
            CompletionInfo info = jshell.sourceCodeAnalysis().analyzeCompletion(rest);
            if (info.completeness() == Completeness.EMPTY) {
                break;
            }
            // An unfinished tail (a missing brace) goes to eval whole, so javac names what is missing.
            boolean split = info.completeness() != Completeness.DEFINITELY_INCOMPLETE
                    && info.source() != null
                    && info.remaining().length() < rest.length();
            String source = split ? info.source() : rest;
            int consumed = split ? rest.length() - info.remaining().length() : rest.length();
            // JShell numbers stack-trace lines wrongly when a snippet starts with a line break, so leading
            // blanks are cut off and the snippet's position in the cell moves past them.
            int blanks = leadingBlanks(source);
            Step step = evaluate(source.substring(blanks), position + blanks);
            if (step.failure() != null) {
                return step.failure();
            }
            value = step.value();
            position += consumed;
        }
        if (cancelled.getAsBoolean()) {
            return null;
        }
        if (value != null) {
            output.result("text/plain", value);
        }
        return CellOutcome.ok(null, value);
    }

    /** What one snippet left behind: a failure, or its value (null for a statement or declaration). */
    private record Step(CellOutcome failure, String value) {}

    private Step evaluate(String source, int start) {
        if (source.isEmpty()) {
            return new Step(null, null);
        }
        List<SnippetEvent> events;
        try {
            Reruns.Kept kept = control == null ? null : reruns.find(source);
            if (kept != null) {
                origins.put(originId(kept), new SnippetOrigin(cellId, cell.lineAt(start)));
                return rerun(source, kept);
            }
            QuickSnippets.Compiled compiled = control == null || quick == null ? null : quick.compile(source);
            if (compiled != null) {
                origins.put(compiled.id(), new SnippetOrigin(cellId, cell.lineAt(start)));
                return runQuick(source, compiled);
            }
            events = jshell.eval(source);
        } catch (IllegalStateException e) {
            // JShell closed under us: its JVM exited or could not start. The executor tells which.
            return new Step(CellOutcome.failed(null, NOT_RUNNING + e.getMessage()), null);
        }
        String value = null;
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue; // a knock-on update of an earlier snippet, not this one
            }
            Snippet snippet = event.snippet();
            if (!leavesNothing(snippet)) {
                reruns.forgetAll();
            }
            origins.put(snippet.id(), new SnippetOrigin(cellId, cell.lineAt(start)));
            if (event.status() == Snippet.Status.REJECTED) {
                return fail(Problems.compileErrors(jshell, snippet, cell, start));
            }
            if (event.exception() != null) {
                return fail(Problems.exception(jshell, event.exception(), origins));
            }
            if (event.status() == Snippet.Status.RECOVERABLE_DEFINED
                    || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                output.stderr(Problems.unresolvedNote(jshell, (DeclarationSnippet) snippet));
            }
            if (Reruns.isExpression(snippet)) {
                value = event.value();
            }
            if (leavesNothing(snippet) && !keep(source, snippet)) {
                return new Step(CellOutcome.failed(null, NOT_RUNNING + "closed while the cell ran"), null);
            }
        }
        return new Step(null, value);
    }

    /**
     * Loads and runs a snippet compiled outside JShell, in one round trip to the agent; kept for running again when
     * it ran cleanly.
     */
    private Step runQuick(String source, QuickSnippets.Compiled compiled) {
        Step step =
                run(null, compiled.expression(), () -> control.loadAndRun(compiled.classes(), compiled.className()));
        if (step.failure() == null && !cancelled.getAsBoolean()) {
            reruns.keep(source, compiled);
        }
        return step;
    }

    /** The origin key of a kept snippet: JShell's id, or the quick compile's. */
    private static String originId(Reruns.Kept kept) {
        return kept.snippet() != null ? kept.snippet().id() : QuickSnippets.idOf(kept.className());
    }

    /** Runs a kept snippet's class again. */
    private Step rerun(String source, Reruns.Kept kept) {
        return run(source, kept.expression(), () -> control.invoke(kept.className(), Reruns.ENTRY));
    }

    /** A command of the agent that runs a snippet's class and answers with its value as text. */
    @FunctionalInterface
    private interface Remote {
        String run() throws ExecutionControl.ExecutionControlException;
    }

    /**
     * Runs a snippet's class through {@code remote}, answering as {@link JShell#eval} would have.
     *
     * @param source     the text it was kept under, forgotten when it fails; null for one not kept
     * @param expression whether what it returns is the cell's value
     */
    private Step run(String source, boolean expression, Remote remote) {
        String raw;
        try {
            raw = remote.run();
        } catch (ExecutionControl.UserException e) {
            forget(source);
            return fail(Problems.rerunException(jshell, e, origins));
        } catch (ExecutionControl.StoppedException e) {
            return new Step(null, null); // the executor stopped it and reports so
        } catch (ExecutionControl.EngineTerminationException e) {
            return new Step(CellOutcome.failed(null, NOT_RUNNING + e.getMessage()), null);
        } catch (ExecutionControl.ExecutionControlException e) {
            forget(source);
            return fail(Problems.rerunException(jshell, e, origins));
        }
        boolean value = expression && !CellValue.NONE.equals(raw);
        return new Step(null, value ? Reruns.expunge(raw) : null);
    }

    private void forget(String source) {
        if (source != null) {
            reruns.forget(source);
        }
    }

    /** False when JShell has closed meanwhile (the cell called System.exit). */
    private boolean keep(String source, Snippet snippet) {
        try {
            reruns.keep(source, snippet);
            return true;
        } catch (IllegalStateException closed) {
            return false;
        }
    }

    /** Expressions and statements: they declare nothing, so running one again cannot change what others mean. */
    private static boolean leavesNothing(Snippet snippet) {
        return snippet.kind() == Snippet.Kind.EXPRESSION
                || snippet.kind() == Snippet.Kind.STATEMENT
                || snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    private Step fail(Problems.Report report) {
        output.stderr(report.text());
        return new Step(CellOutcome.failed(null, report.summary()), null);
    }

    private static int leadingBlanks(String source) {
        int i = 0;
        while (i < source.length() && Character.isWhitespace(source.charAt(i))) {
            i++;
        }
        return i;
    }
}
