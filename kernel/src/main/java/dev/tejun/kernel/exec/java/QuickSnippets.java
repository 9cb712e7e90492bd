package dev.tejun.kernel.exec.java;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.tools.Diagnostic;
import jdk.jshell.ImportSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;

/**
 * Compiles an expression or statement of a cell without JShell, when it can mean nothing else than what JShell would
 * make of it. JShell runs five javac passes for {@code 1+N} (parse; two analyses only to learn the expression's
 * type; an analysis and the compile), each listing every snippet class it ever made; here the snippet is compiled
 * once, in a class shaped as JShell's own (package {@code REPL}, every live declaration imported by name), with a
 * reused compiler context ({@link QuickJavac}), and the class runs through the same agent.
 * <p>
 * Only a source that parses as exactly one expression, or one statement that declares nothing (no variable, class or
 * method: those are JShell's, as are imports), is taken; anything that does not compile cleanly goes to JShell, which
 * reports it as it always has. Nothing is added to JShell's state: Tejun drops values and statements once run, so
 * JShell would have forgotten them too.
 */
final class QuickSnippets {

    /** The classes made for one snippet and how to run it. */
    record Compiled(String id, String className, ClassBytecodes[] classes, boolean expression) {}

    /** A snippet's source starts on this line of its class: the imports share line 1, the class opens line 2. */
    static final int FIRST_LINE = 3;

    static final String CLASS_PREFIX = "$Tejun$";

    private static final Set<Tree.Kind> STATEMENTS = Set.of(
            Tree.Kind.IF,
            Tree.Kind.FOR_LOOP,
            Tree.Kind.ENHANCED_FOR_LOOP,
            Tree.Kind.WHILE_LOOP,
            Tree.Kind.DO_WHILE_LOOP,
            Tree.Kind.SWITCH,
            Tree.Kind.TRY,
            Tree.Kind.BLOCK,
            Tree.Kind.SYNCHRONIZED,
            Tree.Kind.EXPRESSION_STATEMENT);

    private final JShell jshell; // null: the warm-up's (WarmUp), which knows no declarations
    private final ReplClasses repl;
    private final QuickJavac javac;
    private final Map<Snippet, String> classNames = new IdentityHashMap<>();
    private long classNamesGeneration = -1;
    private int counter;

    QuickSnippets(JShell jshell, ReplClasses repl) {
        this.jshell = jshell;
        this.repl = repl;
        this.javac = new QuickJavac(repl, true);
    }

    /** The snippet compiled, or null: JShell evaluates it (a declaration, an import, a problem, or no agent yet). */
    Compiled compile(String source) {
        String imports = imports();
        if (imports == null) {
            return null;
        }
        String text = source.strip();
        String expression = text.endsWith(";") ? text.substring(0, text.length() - 1) : text;
        try {
            Attempt value = attempt(imports, expression, Form.VALUE);
            if (value.verdict() == Verdict.CALL) {
                value = attempt(imports, expression, Form.CALL);
            }
            return value.compiled() != null
                    ? value.compiled()
                    : attempt(imports, text, Form.STATEMENT).compiled();
        } catch (IOException | RuntimeException e) {
            return null; // JShell compiles it instead, and says what is wrong if anything is
        }
    }

    /** The origin id of a class compiled here ({@link Compiled#id()}), from its binary name. */
    static String idOf(String binaryName) {
        return "q" + binaryName.substring(binaryName.lastIndexOf('$') + 1);
    }

    /** How many distinct classes were compiled here: a figure for tests. */
    int compiled() {
        return counter;
    }

    void close() {
        javac.close();
    }

    /**
     * How the snippet sits in its class. VALUE: {@code return EXPR;} — an expression that cannot be void. CALL: a
     * method call, which may be void, as a lambda handed to {@link CellValue#of}, whose overloads tell. STATEMENT:
     * the statement, then {@code return null;}.
     */
    private enum Form {
        VALUE,
        CALL,
        STATEMENT
    }

    private enum Verdict {
        MADE,
        CALL,
        NO
    }

    private record Attempt(Verdict verdict, Compiled compiled) {}

    private Attempt attempt(String imports, String code, Form form) throws IOException {
        String className = CLASS_PREFIX + (counter + 1);
        String open = switch (form) {
            case VALUE -> "return";
            case CALL -> "return " + CellValue.class.getName() + ".of(() ->";
            case STATEMENT -> "";
        };
        String close = switch (form) {
            case VALUE -> ";";
            case CALL -> ");";
            case STATEMENT -> "return null;";
        };
        String head = imports + "\nclass " + className + " { public static Object " + Reruns.ENTRY
                + "() throws Throwable { " + open + "\n";
        String source = head + code + "\n" + close + " } }\n";
        Map<String, byte[]> output = new HashMap<>();
        boolean[] errors = {false};
        Verdict verdict = javac.compile(
                className,
                source,
                diagnostic -> errors[0] |= diagnostic.getKind() == Diagnostic.Kind.ERROR,
                output,
                task -> {
                    Iterable<? extends CompilationUnitTree> units = task.parse();
                    Tree snippet = errors[0] ? null : snippet(units.iterator().next(), form);
                    if (snippet == null || !spans(task, units, snippet, head.length(), head.length() + code.length())) {
                        return Verdict.NO;
                    }
                    if (form == Form.VALUE && snippet.getKind() == Tree.Kind.METHOD_INVOCATION) {
                        return Verdict.CALL;
                    }
                    task.analyze();
                    if (!errors[0]) {
                        task.generate();
                    }
                    return errors[0] ? Verdict.NO : Verdict.MADE;
                });
        String binary = "REPL." + className;
        if (verdict != Verdict.MADE || !output.containsKey(binary)) {
            return new Attempt(verdict == Verdict.CALL ? Verdict.CALL : Verdict.NO, null);
        }
        counter++;
        ClassBytecodes[] classes = output.entrySet().stream()
                .map(e -> new ClassBytecodes(e.getKey(), e.getValue()))
                .toArray(ClassBytecodes[]::new);
        return new Attempt(Verdict.MADE, new Compiled("q" + counter, binary, classes, form != Form.STATEMENT));
    }

    /**
     * The snippet's tree in the class as parsed, or null when the class is not shaped as written (the text closed a
     * brace of ours), or the snippet is of a kind left to JShell: a switch at the top of a snippet is a statement to
     * JShell, and a statement that declares something is a declaration.
     */
    private static Tree snippet(CompilationUnitTree unit, Form form) {
        if (unit.getTypeDecls().size() != 1 || !(unit.getTypeDecls().getFirst() instanceof ClassTree type)) {
            return null;
        }
        List<? extends Tree> members = type.getMembers();
        if (members.size() != 1 || !(members.getFirst() instanceof MethodTree method) || method.getBody() == null) {
            return null;
        }
        List<? extends StatementTree> body = method.getBody().getStatements();
        return switch (form) {
            case VALUE ->
                body.size() == 1
                                && body.getFirst() instanceof ReturnTree ret
                                && ret.getExpression() != null
                                && ret.getExpression().getKind() != Tree.Kind.SWITCH_EXPRESSION
                        ? ret.getExpression()
                        : null;
            case CALL ->
                body.size() == 1
                                && body.getFirst() instanceof ReturnTree ret
                                && ret.getExpression() instanceof MethodInvocationTree call
                                && call.getArguments().size() == 1
                                && call.getArguments().getFirst() instanceof LambdaExpressionTree lambda
                                && lambda.getBody() instanceof ExpressionTree called
                                && called.getKind() == Tree.Kind.METHOD_INVOCATION
                        ? called
                        : null;
            case STATEMENT ->
                body.size() == 2 && STATEMENTS.contains(body.getFirst().getKind()) ? body.getFirst() : null;
        };
    }

    /** Whether the tree covers exactly the snippet's text: it parsed as one expression or statement, not as part of one. */
    private static boolean spans(
            JavacTask task, Iterable<? extends CompilationUnitTree> units, Tree snippet, int start, int end) {
        CompilationUnitTree unit = units.iterator().next();
        SourcePositions positions = Trees.instance(task).getSourcePositions();
        return positions.getStartPosition(unit, snippet) == start && positions.getEndPosition(unit, snippet) == end;
    }

    /**
     * What JShell puts at the head of a snippet's class: the package and an import of every live declaration by
     * name, and the imports the session declared; null when a declaration waits for something not declared yet
     * (JShell alone knows how to run around that).
     */
    private String imports() {
        if (classNamesGeneration != repl.generation()) {
            classNames.clear();
            classNamesGeneration = repl.generation();
        }
        StringBuilder head = new StringBuilder("package REPL;");
        if (jshell == null) {
            return head.toString();
        }
        for (Snippet snippet : (Iterable<Snippet>) jshell.snippets()::iterator) {
            Snippet.Status status = jshell.status(snippet);
            if (status == Snippet.Status.RECOVERABLE_DEFINED || status == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                return null;
            }
            if (status != Snippet.Status.VALID) {
                continue;
            }
            switch (snippet.kind()) {
                case IMPORT -> {
                    ImportSnippet use = (ImportSnippet) snippet;
                    head.append(" import ")
                            .append(use.isStatic() ? "static " : "")
                            .append(use.fullname())
                            .append(';');
                }
                case VAR, METHOD ->
                    head.append(" import static ")
                            .append(className(snippet))
                            .append('.')
                            .append(((jdk.jshell.PersistentSnippet) snippet).name())
                            .append(';');
                case TYPE_DECL ->
                    head.append(" import ")
                            .append(className(snippet))
                            .append('.')
                            .append(((jdk.jshell.PersistentSnippet) snippet).name())
                            .append(';');
                default -> {
                    // expressions and statements declare nothing another snippet could name
                }
            }
        }
        return head.toString();
    }

    private String className(Snippet snippet) {
        return classNames.computeIfAbsent(
                snippet, s -> jshell.sourceCodeAnalysis().wrapper(s).fullClassName());
    }
}
