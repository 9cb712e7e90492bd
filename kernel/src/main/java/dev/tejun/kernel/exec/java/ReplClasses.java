package dev.tejun.kernel.exec.java;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;

/**
 * The classes JShell has loaded into the cell's JVM, by name: what a snippet compiled outside JShell
 * ({@link QuickSnippets}) compiles against, as JShell's own compiles do. Every load or redefinition bumps the
 * generation, which tells the quick compiler that what it knows of package {@code REPL} is out of date.
 */
final class ReplClasses {

    private final Map<String, byte[]> classes = new ConcurrentHashMap<>();
    private volatile long generation;

    /** JShell loaded or redefined these in the cell's JVM. */
    synchronized void loaded(ClassBytecodes[] loaded) {
        for (ClassBytecodes c : loaded) {
            classes.put(c.name(), c.bytecodes());
        }
        generation++;
    }

    long generation() {
        return generation;
    }

    /** Names and bytes of every class JShell made, for listing package {@code REPL}. */
    List<Map.Entry<String, byte[]>> all() {
        return List.copyOf(classes.entrySet());
    }
}
