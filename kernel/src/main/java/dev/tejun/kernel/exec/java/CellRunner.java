package dev.tejun.kernel.exec.java;

import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.Output;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;

import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Runs one cell in a JShell. {@link JShell#eval} takes only the first snippet of its input, so the cell is cut
 * into snippets with JShell's own source analysis and they run one by one, stopping at the first that does not
 * compile or throws. The value of the cell is the value of its last snippet when that is an expression.
 */
final class CellRunner {

    private final JShell jshell;
    private final Map<String, SnippetOrigin> origins;
    private final String cellId;
    private final CellSource cell;
    private final Output output;
    private final BooleanSupplier cancelled;

    /**
     * @param origins   where each snippet of this JShell came from; this run adds the snippets of its cell
     * @param cancelled checked between snippets, so a stopped cell does not go on with its next snippet
     */
    CellRunner(JShell jshell, Map<String, SnippetOrigin> origins, String cellId, String code, Output output,
               BooleanSupplier cancelled) {
        this.jshell = jshell;
        this.origins = origins;
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
                    && info.source() != null && info.remaining().length() < rest.length();
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
    private record Step(CellOutcome failure, String value) {
    }

    private Step evaluate(String source, int start) {
        if (source.isEmpty()) {
            return new Step(null, null);
        }
        List<SnippetEvent> events;
        try {
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
            if (isExpression(snippet)) {
                value = event.value();
            }
            if (leavesNothing(snippet) && !drop(snippet)) {
                return new Step(CellOutcome.failed(null, NOT_RUNNING + "closed while the cell ran"), null);
            }
        }
        return new Step(null, value);
    }

    /**
     * Each snippet JShell keeps makes every later compile slower (a warm {@code 1+1} went from ~20 ms to ~35 ms
     * over 500 cells), so values and statements are dropped once run; declarations stay. False when JShell has
     * closed meanwhile (the cell called System.exit).
     */
    private boolean drop(Snippet snippet) {
        try {
            jshell.drop(snippet);
            return true;
        } catch (IllegalStateException closed) {
            return false;
        }
    }

    private static boolean leavesNothing(Snippet snippet) {
        return snippet.kind() == Snippet.Kind.EXPRESSION || snippet.kind() == Snippet.Kind.STATEMENT
                || snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    private Step fail(Problems.Report report) {
        output.stderr(report.text());
        return new Step(CellOutcome.failed(null, report.summary()), null);
    }

    private static boolean isExpression(Snippet snippet) {
        return snippet.kind() == Snippet.Kind.EXPRESSION
                || snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    private static int leadingBlanks(String source) {
        int i = 0;
        while (i < source.length() && Character.isWhitespace(source.charAt(i))) {
            i++;
        }
        return i;
    }
}
