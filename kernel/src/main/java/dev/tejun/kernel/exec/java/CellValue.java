package dev.tejun.kernel.exec.java;

/**
 * Runs in the cell's JVM: the entry of a snippet compiled by {@link QuickSnippets}. The snippet's expression is the
 * body of a lambda handed to {@code of}, and javac's overload resolution says whether it has a value: an expression
 * with a value fits {@link Value} (more specific than {@link Action}, JLS 15.12.2.5), a call of a void method only
 * fits {@link Action}. So one compile settles what JShell learns with two analyses of the expression's type.
 */
public final class CellValue {

    /** An expression with a value. */
    @FunctionalInterface
    public interface Value {
        Object get() throws Throwable;
    }

    /** A call of a void method. */
    @FunctionalInterface
    public interface Action {
        void run() throws Throwable;
    }

    /** What the agent sends back for an expression without a value (its {@code toString}, as for every value). */
    static final String NONE = "\u0000tejun: no value\u0000";

    private static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return NONE;
        }
    };

    private CellValue() {}

    public static Object of(Value expression) throws Throwable {
        return expression.get();
    }

    public static Object of(Action call) throws Throwable {
        call.run();
        return NO_VALUE;
    }
}
