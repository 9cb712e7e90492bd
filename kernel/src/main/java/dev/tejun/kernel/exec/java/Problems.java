package dev.tejun.kernel.exec.java;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.spi.ExecutionControl;

/**
 * Writes what went wrong in a snippet the way a Java programmer expects to read it: javac-style diagnostics with
 * the cell line and a caret, and stack traces whose snippet frames point at cell lines.
 */
final class Problems {

    /** Text for the cell's stderr and a one-line summary for the outcome. */
    record Report(String text, String summary) {}

    private Problems() {}

    static Report compileErrors(JShell jshell, Snippet snippet, CellSource cell, int snippetStart) {
        List<Diag> errors = jshell.diagnostics(snippet).filter(Diag::isError).toList();
        if (errors.isEmpty()) {
            return new Report(
                    "error: JShell rejected the snippet at line " + cell.lineAt(snippetStart) + "\n",
                    "compile error at line " + cell.lineAt(snippetStart));
        }
        StringBuilder text = new StringBuilder();
        for (Diag error : errors) {
            long position = error.getStartPosition();
            int offset = snippetStart + (position == Diag.NOPOS ? 0 : (int) position);
            text.append("line ")
                    .append(cell.lineAt(offset))
                    .append(": error: ")
                    .append(message(error))
                    .append('\n')
                    .append(cell.lineTextAt(offset))
                    .append('\n')
                    .append(" ".repeat(cell.columnAt(offset)))
                    .append("^\n");
        }
        Diag first = errors.getFirst();
        long position = first.getStartPosition();
        int line = cell.lineAt(snippetStart + (position == Diag.NOPOS ? 0 : (int) position));
        String firstLine = message(first).lines().findFirst().orElse("");
        return new Report(text.toString(), "compile error at line " + line + ": " + firstLine);
    }

    private static String message(Diag diag) {
        // JShell wraps snippets in a synthetic class with no name; javac's "location: class " line says nothing.
        return diag.getMessage(Locale.ENGLISH)
                .lines()
                .filter(l -> !l.strip().equals("location: class"))
                .collect(Collectors.joining("\n"));
    }

    static Report exception(JShell jshell, JShellException exception, Map<String, SnippetOrigin> origins) {
        StringBuilder text = new StringBuilder();
        JShellException current = exception;
        String prefix = "";
        while (current != null) {
            appendThrown(text, prefix, headline(jshell, current), current.getStackTrace(), origins);
            current = current instanceof EvalException eval ? eval.getCause() : null;
            prefix = "Caused by: ";
        }
        return new Report(text.toString(), headline(jshell, exception));
    }

    /**
     * What a snippet run again from its class ({@link Reruns}) threw, written as {@link #exception} writes what
     * {@link JShell#eval} reports: frames in snippet classes become snippet lines, as JShell turns them.
     */
    static Report rerunException(
            JShell jshell, ExecutionControl.ExecutionControlException exception, Map<String, SnippetOrigin> origins) {
        SnippetFrames frames = new SnippetFrames(jshell);
        StringBuilder text = new StringBuilder();
        Throwable current = exception;
        String prefix = "";
        while (current instanceof ExecutionControl.ExecutionControlException thrown) {
            appendThrown(text, prefix, headline(thrown), frames.translate(thrown.getStackTrace()), origins);
            current = thrown.getCause();
            prefix = "Caused by: ";
        }
        return new Report(text.toString(), headline(exception));
    }

    private static String headline(ExecutionControl.ExecutionControlException thrown) {
        return switch (thrown) {
            case ExecutionControl.UserException user ->
                user.causeExceptionClass() + (user.getMessage() == null ? "" : ": " + user.getMessage());
            case ExecutionControl.ResolutionException unresolved ->
                "cannot run: a declaration it uses refers to something not declared yet";
            default -> "internal error in the Java executor: " + thrown.getMessage();
        };
    }

    private static void appendThrown(
            StringBuilder text,
            String prefix,
            String headline,
            StackTraceElement[] frames,
            Map<String, SnippetOrigin> origins) {
        text.append(prefix).append(headline).append('\n');
        for (StackTraceElement frame : frames) {
            text.append("\tat ").append(frame(frame, origins)).append('\n');
        }
    }

    private static String headline(JShell jshell, JShellException exception) {
        if (exception instanceof EvalException eval) {
            String message = eval.getMessage();
            return eval.getExceptionClassName() + (message == null ? "" : ": " + message);
        }
        if (exception instanceof UnresolvedReferenceException unresolved) {
            DeclarationSnippet used = unresolved.getSnippet();
            String missing = jshell.unresolvedDependencies(used).collect(Collectors.joining(", "));
            return "cannot use " + describe(used) + " until " + missing + " is declared";
        }
        return exception.toString();
    }

    private static String frame(StackTraceElement frame, Map<String, SnippetOrigin> origins) {
        String file = frame.getFileName();
        if (file == null || !file.startsWith("#")) {
            return frame.toString();
        }
        String method = frame.getMethodName().isEmpty() ? "<cell>" : frame.getMethodName();
        SnippetOrigin origin = origins.get(file.substring(1));
        String where = origin == null ? file + ":" + frame.getLineNumber() : origin.at(frame.getLineNumber());
        return method + "(" + where + ")";
    }

    /** A note for a declaration that JShell accepted but that refers to something not declared yet. */
    static String unresolvedNote(JShell jshell, DeclarationSnippet snippet) {
        String missing = jshell.unresolvedDependencies(snippet).collect(Collectors.joining(", "));
        return "note: " + describe(snippet) + " cannot be used until " + missing + " is declared\n";
    }

    private static String describe(DeclarationSnippet snippet) {
        return switch (snippet.kind()) {
            case METHOD -> "method " + snippet.name() + "()";
            case VAR -> "variable " + snippet.name();
            case TYPE_DECL -> "type " + snippet.name();
            default -> snippet.name();
        };
    }
}
