package dev.tejun.kernel.exec.java;

import com.sun.source.util.JavacTask;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.tools.DiagnosticListener;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * javac for the snippets of one JShell that {@link QuickSnippets} compiles itself. A javac task normally builds its
 * whole compiler context anew (symbol tables, the platform's modules, {@code java.lang} read again): about 4.5 ms of
 * CPU for a one-line class, where compiling the line itself takes a tenth of that. The JDK reuses contexts through
 * {@code com.sun.tools.javac.api.JavacTaskPool} (JShell does, for its own compiles); it is open to Tejun when the JVM
 * runs with {@code --add-exports jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED}, as the launcher starts it.
 * Without that option every compile gets a fresh task: slower, the same classes.
 * <p>
 * A reused context keeps what it read of package {@code REPL}, so it serves only while JShell has loaded nothing
 * new ({@link ReplClasses#generation()}); it is also renewed after {@value #RENEW_AFTER} compiles, since each compile
 * leaves its class's name in the package it read.
 */
final class QuickJavac {

    static final int RENEW_AFTER = 500;

    /** Works with a task of the compiler; what it returns is the compile's answer. */
    @FunctionalInterface
    interface Work<T> {
        T with(JavacTask task) throws IOException;
    }

    private static final Pool POOL = Pool.find();

    private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    private final StandardJavaFileManager platform = javac.getStandardFileManager(null, null, null);
    // One for every compile: a reused context keeps the file manager its first task was given (its class writer
    // does), so what changes between compiles is what this one serves and where it puts classes, not the object.
    private final Files files = new Files(platform);
    private final ReplClasses repl;
    private final Pool pool; // null: a fresh task for every compile
    private final List<String> options;
    private Object contexts; // a JavacTaskPool, or null: fresh tasks
    private long contextsGeneration = -1;
    private int compiles;
    private long contextsMade;

    /** @param reuse whether to reuse a compiler context when the JVM allows it ({@link #reusesContexts()}) */
    QuickJavac(ReplClasses repl, boolean reuse) {
        this.repl = repl;
        this.pool = reuse ? POOL : null;
        this.options = List.of("-proc:none", "-g", "-nowarn", "--class-path", AgentLauncher.agentClassPath());
    }

    /** Whether compiles reuse a context here (the JVM was started with the export the pool needs). */
    static boolean reusesContexts() {
        return POOL != null;
    }

    /**
     * Compiles one source in package {@code REPL}; the classes it makes are put in {@code output} by binary name.
     *
     * @param diagnostics told of every diagnostic, parse errors included
     */
    <T> T compile(
            String className,
            String source,
            DiagnosticListener<JavaFileObject> diagnostics,
            Map<String, byte[]> output,
            Work<T> work)
            throws IOException {
        JavaFileObject unit =
                new SimpleJavaFileObject(
                        URI.create("string:///REPL/" + className + ".java"), JavaFileObject.Kind.SOURCE) {
                    @Override
                    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                        return source;
                    }
                };
        files.serve(repl.all(), output);
        if (pool == null) {
            return work.with((JavacTask) javac.getTask(null, files, diagnostics, options, null, List.of(unit)));
        }
        long generation = repl.generation();
        if (contexts == null || contextsGeneration != generation || compiles >= RENEW_AFTER) {
            contexts = pool.create();
            contextsGeneration = generation;
            compiles = 0;
            contextsMade++;
        }
        compiles++;
        return pool.task(contexts, files, diagnostics, options, List.of(unit), work);
    }

    /** How many compiler contexts were made: a figure for tests (0 with fresh tasks). */
    long contextsMade() {
        return contextsMade;
    }

    /** Lets the reused context go (the session's JShell is closing). */
    void close() {
        contexts = null;
        try {
            platform.close();
        } catch (IOException ignored) {
            // nothing was open for writing
        }
    }

    /** The platform's files, the classes JShell made (package REPL), and the compiled classes kept in memory. */
    private static final class Files extends ForwardingJavaFileManager<StandardJavaFileManager> {
        private List<Map.Entry<String, byte[]>> repl = List.of();
        private Map<String, byte[]> output = Map.of();

        Files(StandardJavaFileManager platform) {
            super(platform);
        }

        /** What the next compile reads of package REPL, and where its classes go. */
        void serve(List<Map.Entry<String, byte[]>> replClasses, Map<String, byte[]> classesMade) {
            this.repl = replClasses;
            this.output = classesMade;
        }

        @Override
        public Iterable<JavaFileObject> list(
                Location location, String packageName, Set<JavaFileObject.Kind> kinds, boolean recurse)
                throws IOException {
            if (location == StandardLocation.CLASS_PATH
                    && packageName.equals("REPL")
                    && kinds.contains(JavaFileObject.Kind.CLASS)) {
                List<JavaFileObject> found = new ArrayList<>();
                for (Map.Entry<String, byte[]> c : repl) {
                    found.add(new ClassFile(c.getKey(), c.getValue()));
                }
                return found;
            }
            return super.list(location, packageName, kinds, recurse);
        }

        @Override
        public String inferBinaryName(Location location, JavaFileObject file) {
            return file instanceof ClassFile c ? c.binaryName : super.inferBinaryName(location, file);
        }

        @Override
        public boolean isSameFile(FileObject a, FileObject b) {
            return a instanceof ClassFile || b instanceof ClassFile ? a == b : super.isSameFile(a, b);
        }

        @Override
        public JavaFileObject getJavaFileForOutput(
                Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
            return new SimpleJavaFileObject(URI.create("memory:///" + className.replace('.', '/') + ".class"), kind) {
                @Override
                public OutputStream openOutputStream() {
                    Map<String, byte[]> into = output;
                    return new ByteArrayOutputStream() {
                        @Override
                        public void close() {
                            into.put(className, toByteArray());
                        }
                    };
                }
            };
        }
    }

    /** A class JShell made, read from memory. */
    private static final class ClassFile extends SimpleJavaFileObject {
        final String binaryName;
        private final byte[] bytes;

        ClassFile(String binaryName, byte[] bytes) {
            super(URI.create("memory:///" + binaryName.replace('.', '/') + ".class"), Kind.CLASS);
            this.binaryName = binaryName;
            this.bytes = bytes;
        }

        @Override
        public InputStream openInputStream() {
            return new ByteArrayInputStream(bytes);
        }
    }

    /**
     * The JDK's {@code JavacTaskPool}, reached by reflection: its package is exported to JShell only, and to Tejun
     * by the launcher's {@code --add-exports}. Null when that export is missing.
     */
    private record Pool(Constructor<?> make, Method getTask, Class<?> worker) {

        static Pool find() {
            try {
                Class<?> pool = Class.forName("com.sun.tools.javac.api.JavacTaskPool");
                if (!pool.getModule().isExported(pool.getPackageName(), QuickJavac.class.getModule())) {
                    return null;
                }
                Class<?> worker = Class.forName("com.sun.tools.javac.api.JavacTaskPool$Worker");
                Method getTask = pool.getMethod(
                        "getTask",
                        Writer.class,
                        JavaFileManager.class,
                        DiagnosticListener.class,
                        Iterable.class,
                        Iterable.class,
                        Iterable.class,
                        worker);
                return new Pool(pool.getConstructor(int.class), getTask, worker);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError unavailable) {
                return null;
            }
        }

        Object create() {
            try {
                return make.newInstance(1);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot make a javac context pool", e);
            }
        }

        <T> T task(
                Object contexts,
                JavaFileManager files,
                DiagnosticListener<JavaFileObject> diagnostics,
                List<String> options,
                List<JavaFileObject> units,
                Work<T> work)
                throws IOException {
            IOException[] failure = {null};
            Function<JavacTask, Object> body = task -> {
                try {
                    return work.with(task);
                } catch (IOException e) {
                    failure[0] = e;
                    return null;
                }
            };
            Object handler = Proxy.newProxyInstance(
                    QuickJavac.class.getClassLoader(), new Class<?>[] {worker}, (proxy, method, args) -> {
                        if (method.getName().equals("withTask")) {
                            return body.apply((JavacTask) args[0]);
                        }
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> "javac task worker";
                        };
                    });
            try {
                @SuppressWarnings("unchecked")
                T answer = (T) getTask.invoke(contexts, null, files, diagnostics, options, null, units, handler);
                if (failure[0] != null) {
                    throw failure[0];
                }
                return answer;
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("javac's context pool is not open to Tejun", e);
            }
        }
    }
}
