package dev.tejun.server.runbooks;

import dev.tejun.kernel.folder.GitSaves;
import dev.tejun.kernel.folder.ReviewedMerge;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.folder.RunbookHistory;
import dev.tejun.kernel.format.RunbookEdits;
import dev.tejun.kernel.format.RunbookFormat;
import dev.tejun.kernel.runbook.Cell;
import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.runbook.ProseCell;
import dev.tejun.kernel.runbook.Runbook;
import dev.tejun.server.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Reads and changes runbook files for the REST API. Every change names the version it replaces and is checked
 * and written under one lock, so two editors cannot both win: the second gets {@link StaleVersion}.
 */
public final class RunbookEditor {

    /**
     * What a write did: {@code created} is true when the file did not exist before; {@code commit} is the commit that
     * saved it where commit on save is configured (null otherwise, or when nothing changed).
     */
    public record Saved(boolean created, RunbookDocument document, String commit) {}

    /**
     * Who changes a file and why: {@code record} (the audit entry) runs just before the new text replaces the old,
     * and if it fails nothing changed; {@code user} authors the commit, {@code message} is its message (a default
     * when blank).
     */
    public record Change(Runnable record, String user, String message) {}

    /** A new cell text: {@code source} for prose, {@code code} for a code cell (exactly one of them). */
    public record CellEdit(String source, String code, String version, String message) {}

    private final RunbookFolder folder;
    /** The repository's {@link GitSaves#writes()}: a save, a merge and a pull take turns. */
    private final Object writeLock;

    private final GitSaves git;
    private final RunbookHistory history;
    private final ReviewedMerge merges;
    private final ParsedRunbooks parsed;

    /** {@code git}: commits saves where the configuration asks for it. */
    public RunbookEditor(RunbookFolder folder, GitSaves git) {
        this.folder = folder;
        this.parsed = new ParsedRunbooks(folder);
        this.git = git;
        this.writeLock = git.writes();
        this.history = new RunbookHistory(folder, git);
        this.merges = new ReviewedMerge(folder, git, folder.releases().branch());
    }

    /** The folder's runbooks, each parsed once per text (the list and the search read them all). */
    public ParsedRunbooks parsed() {
        return parsed;
    }

    /** The runbooks' commits and diffs. */
    public RunbookHistory history() {
        return history;
    }

    /** The branch reviewed runbooks are merged into, and protected runs read. */
    public String releaseBranch() {
        return folder.releases().branch();
    }

    /**
     * Merges {@code name} from {@code branch} (at the {@code reviewed} commit) into the release branch, approved by
     * {@code approver}; under the write lock, since the checked-out file changes with it. {@code record} (the audit
     * entry) runs first.
     */
    public String merge(String name, String branch, String reviewed, String approver, Runnable record)
            throws IOException {
        RunbookFolder.runbookName(name);
        synchronized (writeLock) {
            record.run();
            return merges.merge(name, branch, reviewed, approver);
        }
    }

    public List<RunbookDocument.Summary> list() throws IOException {
        List<RunbookDocument.Summary> out = new ArrayList<>();
        for (ParsedRunbooks.Parsed p : parsed.all()) {
            out.add(new RunbookDocument.Summary(
                    p.name(), p.runbook().title(), p.runbook().metadata().tags(), p.headings()));
        }
        return out;
    }

    /** {@code whole}: as the file reads; otherwise with secret params' defaults hidden (for readers who may not edit). */
    public RunbookDocument document(String name, boolean whole) throws IOException {
        RunbookDocument doc = RunbookDocument.of(name, read(name));
        return whole ? doc : doc.withoutSecretDefaults();
    }

    /** Replaces or creates the whole file; a new file is created only when {@code version} is null or empty. */
    public Saved replace(String name, String text, String version, Change change) throws IOException {
        if (text == null) {
            throw ApiException.badRequest("body needs \"text\"");
        }
        RunbookFolder.runbookName(name);
        synchronized (writeLock) {
            Path path = folder.resolve(name);
            if (!Files.exists(path)) {
                if (version != null && !version.isEmpty()) {
                    throw new StaleVersion("runbook " + name + " no longer exists", null);
                }
                folder.write(name, text.getBytes(StandardCharsets.UTF_8), change.record());
                return new Saved(true, document(name, true), commit(name, change, "Add "));
            }
            byte[] before = read(name);
            requireVersion(RunbookDocument.of(name, before), version);
            folder.write(name, text.getBytes(StandardCharsets.UTF_8), change.record());
            return new Saved(false, document(name, true).replacing(before), commit(name, change, "Edit "));
        }
    }

    /** Replaces one cell; every other byte of the file stays as it was. */
    public Saved replaceCell(String name, int index, CellEdit edit, Change change) throws IOException {
        if ((edit.source() == null) == (edit.code() == null)) {
            throw ApiException.badRequest("body needs exactly one of \"source\" (prose) or \"code\" (code cell)");
        }
        synchronized (writeLock) {
            byte[] bytes = read(name);
            RunbookDocument current = RunbookDocument.of(name, bytes);
            requireVersion(current, edit.version());
            Runbook runbook = RunbookFormat.parse(new String(bytes, StandardCharsets.UTF_8));
            if (index < 0 || index >= runbook.cells().size()) {
                throw ApiException.notFound("no cell " + index + " in " + name);
            }
            Cell cell = runbook.cells().get(index);
            Runbook changed;
            try {
                changed = switch (cell) {
                    case CodeCell c when edit.code() != null -> RunbookEdits.withCode(runbook, c.id(), edit.code());
                    case ProseCell p
                    when edit.source() != null -> RunbookEdits.withProse(runbook, index, edit.source());
                    default ->
                        throw ApiException.badRequest("cell " + index + " is "
                                + (cell instanceof CodeCell ? "code: send \"code\"" : "prose: send \"source\""));
                };
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
            folder.write(name, RunbookFormat.write(changed).getBytes(StandardCharsets.UTF_8), change.record());
            return new Saved(false, document(name, true).replacing(bytes), commit(name, change, "Edit "));
        }
    }

    /**
     * Applies one authoring edit (insert, move, delete, duplicate a cell; a fence's attributes; the front matter) to
     * the file as of {@code version}. The kernel edit refuses with {@link IllegalArgumentException}, answered 400.
     */
    public Saved apply(String name, String version, UnaryOperator<Runbook> edit, Change change) throws IOException {
        synchronized (writeLock) {
            byte[] bytes = read(name);
            requireVersion(RunbookDocument.of(name, bytes), version);
            Runbook changed;
            try {
                changed = edit.apply(RunbookFormat.parse(new String(bytes, StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
            folder.write(name, RunbookFormat.write(changed).getBytes(StandardCharsets.UTF_8), change.record());
            return new Saved(false, document(name, true).replacing(bytes), commit(name, change, "Edit "));
        }
    }

    /** Creates a new runbook; refused (409) when the name is taken, so a new runbook never replaces one. */
    public Saved create(String name, String text, Change change) throws IOException {
        RunbookFolder.runbookName(name);
        synchronized (writeLock) {
            if (Files.exists(folder.resolve(name))) {
                throw new ApiException(409, "runbook " + name + " already exists");
            }
            folder.write(name, text.getBytes(StandardCharsets.UTF_8), change.record());
            return new Saved(true, document(name, true), commit(name, change, "Add "));
        }
    }

    /**
     * Moves {@code name} (as of {@code version}) to {@code to}, another name or folder: the bytes stay as they are.
     * Refused (409) when {@code to} is taken; a Git-backed folder commits the move as one commit of both paths.
     * {@code moved} runs once the file is moved, before the commit (which may fail: the file stays moved).
     */
    public Saved move(String name, String to, String version, Change change, Runnable moved) throws IOException {
        RunbookFolder.runbookName(to);
        synchronized (writeLock) {
            byte[] bytes = read(name);
            requireVersion(RunbookDocument.of(name, bytes), version);
            if (name.equals(to) || Files.exists(folder.resolve(to))) {
                throw new ApiException(409, "runbook " + to + " already exists");
            }
            folder.write(to, bytes, change.record());
            Files.delete(folder.resolve(name));
            moved.run();
            String commit = git.commitMove(
                            folder.resolve(name),
                            folder.resolve(to),
                            change.user(),
                            message(change, "Move " + name + " to " + to + " in Tejun"))
                    .orElse(null);
            return new Saved(true, document(to, true), commit);
        }
    }

    /**
     * Deletes {@code name} as of {@code version}; the commit that removes it where saves commit (else null).
     * {@code deleted} runs once the file is gone, before the commit.
     */
    public String delete(String name, String version, Change change, Runnable deleted) throws IOException {
        synchronized (writeLock) {
            requireVersion(RunbookDocument.of(name, read(name)), version);
            change.record().run();
            Files.delete(folder.resolve(name));
            deleted.run();
            return git.commitMove(
                            folder.resolve(name), null, change.user(), message(change, "Delete " + name + " in Tejun"))
                    .orElse(null);
        }
    }

    private static String message(Change change, String otherwise) {
        return change.message() == null || change.message().isBlank()
                ? otherwise
                : change.message().strip();
    }

    /** Commit on save, where the configuration allows it; the file is saved whatever Git says. */
    private String commit(String name, Change change, String verb) throws IOException {
        return git.commit(folder.resolve(name), change.user(), message(change, verb + name + " in Tejun"))
                .orElse(null);
    }

    private static void requireVersion(RunbookDocument current, String version) {
        if (!Objects.equals(current.version(), version)) {
            throw new StaleVersion("runbook " + current.name() + " has changed since version " + version, current);
        }
    }

    private byte[] read(String name) throws IOException {
        RunbookFolder.runbookName(name);
        Path path = folder.resolve(name);
        try {
            if (Files.isDirectory(path)) {
                throw ApiException.notFound("no runbook " + name);
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw ApiException.notFound("no runbook " + name);
        }
    }
}
