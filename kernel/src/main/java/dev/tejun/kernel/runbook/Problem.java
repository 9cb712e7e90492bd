package dev.tejun.kernel.runbook;

/** Something wrong with a runbook file, found while parsing or checking it. The file still opens. */
public record Problem(Severity severity, int line, String message) {

    public enum Severity {
        ERROR,
        WARNING
    }

    public static Problem error(int line, String message) {
        return new Problem(Severity.ERROR, line, message);
    }

    public static Problem warning(int line, String message) {
        return new Problem(Severity.WARNING, line, message);
    }

    @Override
    public String toString() {
        return (line > 0 ? "line " + line + ": " : "") + severity.name().toLowerCase() + ": " + message;
    }
}
