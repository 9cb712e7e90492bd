package dev.tejun.kernel.exec.java;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SourceCodeAnalysis.SnippetWrapper;

/**
 * Turns the raw stack of an exception from the remote JVM into the form {@link JShell#eval} reports: a frame in a
 * snippet's class becomes file {@code #ID} at the snippet's own line, wrapper names are taken out, and the frames
 * below the outermost snippet (the agent's reflection) are cut off. Only needed for snippets run again from their
 * class ({@link Reruns}) and those compiled outside JShell ({@link QuickSnippets}: their expression runs in a lambda
 * handed to {@link CellValue}, whose frames are left out, so the stack reads as JShell's would); JShell translates
 * the stacks of what it runs itself.
 */
final class SnippetFrames {

    private static final Pattern OUTER_CLASS = Pattern.compile("REPL\\.\\$JShell\\$\\w+");
    private static final Pattern QUICK_CLASS = Pattern.compile("REPL\\.\\$Tejun\\$\\d+");

    private final JShell jshell;
    private Map<String, Snippet> byClass; // built on first use: an exception is rare, a rerun is not

    SnippetFrames(JShell jshell) {
        this.jshell = jshell;
    }

    StackTraceElement[] translate(StackTraceElement[] raw) {
        int last = raw.length - 1;
        while (last >= 0 && !Reruns.isWrapperClass(raw[last].getClassName())) {
            last--;
        }
        List<StackTraceElement> frames = new ArrayList<>();
        String valueClass = CellValue.class.getName();
        for (int i = 0; i < (last < 0 ? raw.length : last + 1); i++) {
            boolean entryOfValue = i > 0 && raw[i - 1].getClassName().equals(valueClass);
            if (!raw[i].getClassName().equals(valueClass) && !entryOfValue) {
                frames.add(translate(raw[i]));
            }
        }
        return frames.toArray(StackTraceElement[]::new);
    }

    private StackTraceElement translate(StackTraceElement frame) {
        if (QUICK_CLASS.matcher(frame.getClassName()).matches()) {
            String method = frame.getMethodName();
            boolean entry = method.equals(Reruns.ENTRY) || method.startsWith("lambda$" + Reruns.ENTRY);
            return new StackTraceElement(
                    "",
                    entry ? "" : method,
                    "#" + QuickSnippets.idOf(frame.getClassName()),
                    Math.max(1, frame.getLineNumber() - QuickSnippets.FIRST_LINE + 1));
        }
        Matcher outer = OUTER_CLASS.matcher(frame.getClassName());
        Snippet snippet = outer.lookingAt() ? snippets().get(outer.group()) : null;
        if (snippet == null) {
            return "<none>".equals(frame.getFileName())
                    ? new StackTraceElement(frame.getClassName(), frame.getMethodName(), null, frame.getLineNumber())
                    : frame;
        }
        String method = frame.getMethodName().equals(Reruns.ENTRY) ? "" : frame.getMethodName();
        return new StackTraceElement(
                Reruns.expunge(frame.getClassName()),
                method,
                "#" + snippet.id(),
                snippetLine(snippet, frame.getLineNumber()));
    }

    /** The snippet line of a line of its wrapper class: the first character on that line that came from the snippet. */
    private int snippetLine(Snippet snippet, int wrapperLine) {
        SnippetWrapper wrapper = jshell.sourceCodeAnalysis().wrapper(snippet);
        String wrapped = wrapper.wrapped();
        int start = 0;
        for (int line = 1; line < wrapperLine && start >= 0; line++) {
            start = wrapped.indexOf('\n', start);
            start = start < 0 ? -1 : start + 1;
        }
        if (start < 0) {
            return 1;
        }
        int end = wrapped.indexOf('\n', start);
        for (int at = start; at < (end < 0 ? wrapped.length() : end); at++) {
            int inSnippet = wrapper.wrappedToSourcePosition(at);
            if (inSnippet >= 0 && inSnippet <= snippet.source().length()) {
                return 1
                        + (int) snippet.source()
                                .substring(0, inSnippet)
                                .chars()
                                .filter(c -> c == '\n')
                                .count();
            }
        }
        return 1;
    }

    /** Each wrapper class and its snippet; a live snippet wins over a dropped one of the same class. */
    private Map<String, Snippet> snippets() {
        if (byClass == null) {
            byClass = new HashMap<>();
            jshell.snippets().forEach(snippet -> {
                String className;
                try {
                    className = jshell.sourceCodeAnalysis().wrapper(snippet).fullClassName();
                } catch (RuntimeException noClass) {
                    return; // a snippet that never compiled has no class
                }
                if (jshell.status(snippet).isActive() || !byClass.containsKey(className)) {
                    byClass.put(className, snippet);
                }
            });
        }
        return byClass;
    }
}
