package dev.tejun.kernel.exec.java;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Pattern;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;

/**
 * Snippets that run again from the class JShell already compiled for them. JShell compiles every snippet it is
 * given, even the same text again: five javac passes for {@code 1+1}, 10-20 ms warm, where running the compiled
 * class takes a fraction of a millisecond. Running a cell again unchanged is what a notebook is used for (look at
 * the disk again, count the sessions again), so an expression or statement that ran cleanly keeps its class, and
 * the same source later runs that class's entry method again.
 * <p>
 * What a source means can only change through a declaration or an import (a variable declared anew, a new
 * overload, a changed type), so any snippet that is not an expression or a statement empties the cache before
 * anything else is looked up; a snippet JShell no longer counts as valid is never run from here. Kept snippets stay
 * alive in JShell, and each one alive makes later compiles a little slower, so only the most recently used
 * {@value #CAPACITY} are kept and the rest are dropped, as every other expression and statement is.
 */
final class Reruns {

    static final int CAPACITY = 16;

    /** JShell's entry method of a snippet's class. */
    static final String ENTRY = "do_it$";

    /**
     * A snippet kept for running again, and the remote class that runs it.
     *
     * @param snippet    JShell's snippet; null for one compiled outside JShell ({@link QuickSnippets})
     * @param expression whether what it returns is the cell's value
     */
    record Kept(Snippet snippet, String className, boolean expression) {}

    private final JShell jshell;
    // least recently used first
    private final LinkedHashMap<String, Kept> kept = new LinkedHashMap<>(CAPACITY * 2, 0.75f, true);
    private long served;

    Reruns(JShell jshell) {
        this.jshell = jshell;
    }

    /** The kept snippet for exactly this source, if JShell still counts it as valid; the caller runs it. */
    Kept find(String source) {
        Kept k = kept.get(source);
        if (k == null) {
            return null;
        }
        if (k.snippet() != null && jshell.status(k.snippet()) != Snippet.Status.VALID) {
            kept.remove(source);
            drop(k.snippet());
            return null;
        }
        served++;
        return k;
    }

    /**
     * Keeps a snippet that ran cleanly, dropping the least recently used one when full.
     *
     * @throws IllegalStateException when JShell has closed (the snippet ended its JVM)
     */
    void keep(String source, Snippet snippet) {
        if (jshell.status(snippet) != Snippet.Status.VALID) {
            drop(snippet);
            return;
        }
        String className = jshell.sourceCodeAnalysis().wrapper(snippet).fullClassName();
        keep(source, new Kept(snippet, className, isExpression(snippet)));
    }

    /** Keeps a snippet compiled outside JShell that ran cleanly. */
    void keep(String source, QuickSnippets.Compiled compiled) {
        keep(source, new Kept(null, compiled.className(), compiled.expression()));
    }

    private void keep(String source, Kept k) {
        Kept previous = kept.put(source, k);
        if (previous != null && previous.snippet() != k.snippet()) {
            drop(previous.snippet());
        }
        if (kept.size() > CAPACITY) {
            Iterator<Kept> eldest = kept.values().iterator();
            Kept out = eldest.next();
            eldest.remove();
            drop(out.snippet());
        }
    }

    /** Drops every kept snippet: a declaration or import may have changed what their sources mean. */
    void forgetAll() {
        if (kept.isEmpty()) {
            return;
        }
        List<Kept> all = new ArrayList<>(kept.values());
        kept.clear();
        for (Kept k : all) {
            drop(k.snippet());
        }
    }

    /** Forgets one kept snippet (it did not run cleanly this time). */
    void forget(String source) {
        Kept k = kept.remove(source);
        if (k != null) {
            drop(k.snippet());
        }
    }

    /** How many runs were served from here: a figure for tests and benchmarks. */
    long served() {
        return served;
    }

    /** Expressions with a value (JShell makes a variable of the value), as opposed to statements. */
    static boolean isExpression(Snippet snippet) {
        return snippet.kind() == Snippet.Kind.EXPRESSION
                || snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    private void drop(Snippet snippet) {
        if (snippet == null) {
            return; // compiled outside JShell: JShell never knew it
        }
        try {
            jshell.drop(snippet);
        } catch (IllegalStateException closed) {
            // JShell has closed (its JVM ended): nothing left to drop
        }
    }

    // JShell's wrapper classes are REPL.$JShell$NN; it takes them out of values and frames it shows.
    // Classes compiled outside JShell (QuickSnippets) are REPL.$Tejun$NN, taken out the same way.
    private static final Pattern WRAPPER_PREFIX = Pattern.compile("(REPL\\.)?\\$(JShell|Tejun)\\$\\w+[$.]?");

    /** Is this a class JShell generated for a snippet? */
    static boolean isWrapperClass(String className) {
        return WRAPPER_PREFIX.matcher(className).lookingAt();
    }

    /** {@code text} with JShell's wrapper class names taken out, as JShell shows values and class names. */
    static String expunge(String text) {
        return text == null ? null : WRAPPER_PREFIX.matcher(text).replaceAll("");
    }
}
