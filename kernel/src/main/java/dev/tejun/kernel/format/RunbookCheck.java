package dev.tejun.kernel.format;

import dev.tejun.kernel.runbook.CellAttributes;
import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.runbook.Languages;
import dev.tejun.kernel.runbook.Problem;
import dev.tejun.kernel.runbook.Runbook;
import dev.tejun.kernel.template.Reference;
import dev.tejun.kernel.template.Template;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks runbook files the way CI would: the file is UTF-8, it round-trips byte for byte, and the
 * problems the parser found plus those only a whole-file look can see (unknown attributes,
 * references to undeclared params or cells) are listed. The {@code check} command prints these.
 */
public final class RunbookCheck {

    private static final Pattern PARAM_REF = Pattern.compile("\\$\\{(?:raw:)?params\\.([^}\\s]+)}");
    private static final Pattern CELL_REF = Pattern.compile("\\$\\{(?:raw:)?cells\\.([A-Za-z0-9_-]+)\\.[^}\\s]+}");
    private static final Pattern GOOD_ID = Pattern.compile("[A-Za-z0-9_-]+");
    /** The roles a user can hold, for {@code requires:} and a pause's {@code approver}. */
    public static final Set<String> ROLES = Set.of("viewer", "editor", "operator", "approver", "admin");

    private RunbookCheck() {}

    /**
     * A file's report with the text and runbook the check read and parsed, so that later checks over the same files
     * (schedules, windows, the IaC variables) need not read and parse each file again. Text and runbook are null when
     * the file could not be read or is not valid UTF-8 (those checks read such a file as they always did).
     */
    public record Checked(CheckReport report, String text, Runbook runbook) {}

    /** Checks one file; never throws for a bad file, an unreadable one is an error in the report. */
    public static CheckReport check(Path file) {
        return checked(file).report();
    }

    /** As {@link #check(Path)}, keeping what was read and parsed. */
    public static Checked checked(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | UncheckedIOException e) {
            return new Checked(
                    new CheckReport(
                            file, List.of(), List.of(Problem.error(0, "cannot read: " + e.getMessage())), false),
                    null,
                    null);
        }
        List<Problem> problems = new ArrayList<>();
        int badByte = firstInvalidUtf8(bytes);
        if (badByte >= 0) {
            problems.add(Problem.error(lineAt(bytes, badByte), "not valid UTF-8 (byte " + badByte + ")"));
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        Runbook rb = RunbookFormat.parse(text);
        String written = RunbookFormat.write(rb);
        boolean roundTrip = written.equals(text) && Arrays.equals(written.getBytes(StandardCharsets.UTF_8), bytes);
        if (!roundTrip && badByte < 0) {
            problems.add(Problem.error(0, "writing the parsed file does not give the same bytes (a Tejun bug)"));
        }
        problems.addAll(problems(rb));
        problems.sort(Comparator.comparingInt(Problem::line));
        List<CheckReport.CellSummary> cells = rb.codeCells().stream()
                .map(c -> new CheckReport.CellSummary(c.id(), c.language(), c.line()))
                .toList();
        CheckReport report = new CheckReport(file, cells, problems, roundTrip);
        return badByte < 0 ? new Checked(report, text, rb) : new Checked(report, null, null);
    }

    /**
     * Checks files and folders in the order given; a folder yields its {@code *.md} files, searched
     * recursively and sorted, skipping folders whose name starts with a dot and {@code target}. The files are checked
     * on every core (each check reads one file and shares nothing); the reports keep the order, each with what its
     * check read and parsed.
     */
    public static List<Checked> checkAll(List<Path> pathsOrFolders) {
        List<Path> files = new ArrayList<>();
        for (Path path : pathsOrFolders) {
            if (Files.isDirectory(path)) {
                files.addAll(markdownFiles(path));
            } else {
                files.add(path);
            }
        }
        return files.parallelStream()
                .map(f -> Files.exists(f)
                        ? checked(f)
                        : new Checked(
                                new CheckReport(
                                        f, List.of(), List.of(Problem.error(0, "no such file or folder")), false),
                                null,
                                null))
                .toList();
    }

    /** The parser's problems and those of a whole-runbook look, in file order. */
    public static List<Problem> problems(Runbook rb) {
        List<Problem> problems = new ArrayList<>(rb.problems());
        Set<String> params = rb.metadata().params().keySet();
        Set<String> ids = rb.codeCells().stream().map(CodeCell::id).collect(Collectors.toSet());
        for (String role : rb.metadata().requires()) {
            if (!ROLES.contains(role)) {
                problems.add(Problem.warning(
                        1,
                        "requires: unknown role '" + role + "' (known: "
                                + ROLES.stream().sorted().toList() + ")"));
            }
        }
        for (CodeCell cell : rb.codeCells()) {
            if (cell.explicitId() && !GOOD_ID.matcher(cell.id()).matches()) {
                problems.add(Problem.warning(
                        cell.line(),
                        "cell id '" + cell.id() + "' should use only letters, digits, '-' and '_' so ${cells."
                                + cell.id() + "…} can name it"));
            }
            problems.addAll(CellAttributes.problems(cell));
            if (Languages.SHELL.contains(cell.language())) {
                Transcript.read(cell.language(), cell.code())
                        .ifPresent(t -> problems.add(
                                Problem.warning(cell.line(), "cell " + cell.id() + " is " + t.describe())));
            }
            cell.attributes().get("approver").ifPresent(role -> {
                if ("pause".equals(cell.language()) && !ROLES.contains(role)) {
                    problems.add(Problem.error(
                            cell.line(),
                            "cell " + cell.id() + ": approver: unknown role '" + role + "' (known: "
                                    + ROLES.stream().sorted().toList() + ")"));
                }
            });
            String text = cell.openingFence() + cell.code();
            Matcher m = PARAM_REF.matcher(text);
            while (m.find()) {
                if (!params.contains(m.group(1))) {
                    problems.add(Problem.warning(
                            lineOf(cell, text, m.start()),
                            "${params." + m.group(1) + "} refers to a param the front matter does not declare"));
                }
            }
            for (Reference r : Template.CELLS.references(text)) {
                if (r.raw()) {
                    int line = lineOf(cell, text, r.start());
                    problems.add(Problem.warning(
                            line,
                            "raw value pasted as code at line " + line + ": ${raw:" + r.name()
                                    + "} runs whatever the value holds (refused in runs started by an event)"));
                }
            }
            m = CELL_REF.matcher(text);
            while (m.find()) {
                if (!ids.contains(m.group(1))) {
                    problems.add(Problem.warning(
                            lineOf(cell, text, m.start()),
                            "${cells." + m.group(1) + "…} refers to a cell that does not exist"));
                }
            }
        }
        problems.sort(Comparator.comparingInt(Problem::line));
        return problems;
    }

    private static int lineOf(CodeCell cell, String text, int offset) {
        // the "x" makes a trailing partial line count, so this is the number of line breaks before offset
        return cell.line() + Lines.of(text.substring(0, offset) + "x").count() - 1;
    }

    private static List<Path> markdownFiles(Path folder) {
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String name =
                            dir.getFileName() == null ? "" : dir.getFileName().toString();
                    boolean skip = !dir.equals(folder) && (name.startsWith(".") || name.equals("target"));
                    return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && file.getFileName().toString().endsWith(".md")) {
                        found.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.sort(Comparator.naturalOrder());
        return found;
    }

    /** Offset of the first byte that is not valid UTF-8, or -1. */
    private static int firstInvalidUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CoderResult result = decoder.decode(in, CharBuffer.allocate(bytes.length + 1), true);
        return result.isError() ? in.position() : -1;
    }

    private static int lineAt(byte[] bytes, int offset) {
        // ISO-8859-1 maps each byte to one char, so line breaks stay where they are
        String before = new String(bytes, 0, offset, StandardCharsets.ISO_8859_1);
        return Lines.of(before + "x").count();
    }
}
