package dev.tejun.server.runbooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.format.CellMoves;
import dev.tejun.kernel.format.FenceEdits;
import dev.tejun.kernel.format.RunbookEdits;
import dev.tejun.kernel.runbook.Runbook;
import dev.tejun.server.ApiException;
import dev.tejun.server.RequestBodies;
import dev.tejun.server.auth.Access;
import dev.tejun.server.auth.RequestAudit;
import dev.tejun.server.auth.Role;
import io.javalin.http.Context;
import java.util.Map;

/** REST handlers for runbook files: parse the request, call {@link RunbookEditor}, answer JSON. */
public final class RunbooksHandler {

    /** {@code message}: the commit message where the runbooks folder is a Git work tree (optional). */
    public record PutRunbook(String text, String version, String message) {}

    /** A new runbook from the runbook list: {@code name} (".md" added when missing) inside {@code folder}. */
    public record NewRunbook(String name, String title, String folder, String message) {}

    /** A new cell after cell {@code after} (-1: first): code when {@code language} is given, else prose {@code text}. */
    public record InsertCell(
            Integer after, String language, String code, String text, String version, String message) {}

    /** A cell edit that needs only the version it replaces; {@code by} (-1 up, 1 down) for a move. */
    public record CellChange(Integer by, String version, String message) {}

    /** A code cell's fence: its id (blank: implicit) and every attribute it should have, in order. */
    public record FenceChange(String id, Map<String, String> values, String version, String message) {}

    /** The front matter's YAML (blank: none). */
    public record FrontMatterChange(String yaml, String version, String message) {}

    /** Told of every save, so the notebook tabs on that runbook reload it (the WebSocket). */
    @FunctionalInterface
    public interface SaveListener {
        void saved(String runbook, String version, String by);
    }

    /** The header that names the commit a save made. */
    static final String COMMIT_HEADER = "Tejun-Commit";

    private final RunbookEditor editor;
    private final ObjectMapper json;
    private final RequestAudit audit;
    private final ReviewHandler review;

    private final SaveListener saves;
    private final NotebookImportHandler notebooks;
    private final RunbookMovesHandler moves;

    public RunbooksHandler(
            RunbookEditor editor,
            ObjectMapper json,
            RequestAudit audit,
            SaveListener saves,
            NotebookImportHandler notebooks,
            RunbookMovesHandler moves) {
        this.editor = editor;
        this.saves = saves;
        this.json = json;
        this.audit = audit;
        this.review = new ReviewHandler(editor, json, audit);
        this.notebooks = notebooks;
        this.moves = moves;
    }

    /** Rename, move and delete of whole runbooks. */
    public RunbookMovesHandler moves() {
        return moves;
    }

    /** History, diff and merge of the same runbooks. */
    public ReviewHandler review() {
        return review;
    }

    /** Jupyter notebooks imported as runbooks, with their saved outputs as a recorded run. */
    public NotebookImportHandler notebooks() {
        return notebooks;
    }

    /**
     * The change's audit entry, written before the file is replaced (a change is never made unaudited), and who
     * authors its commit.
     */
    private RunbookEditor.Change change(Context ctx, String message) {
        return new RunbookEditor.Change(() -> audit.recordChange(ctx), Access.userName(ctx), message);
    }

    private void answer(Context ctx, RunbookEditor.Saved saved) {
        saves.saved(saved.document().name(), saved.document().version(), Access.userName(ctx));
        if (saved.commit() != null) {
            ctx.header(COMMIT_HEADER, saved.commit());
        }
        ctx.status(saved.created() ? 201 : 200).json(saved.document());
    }

    public void list(Context ctx) throws Exception {
        ctx.json(editor.list());
    }

    public void get(Context ctx) throws Exception {
        // A secret param's default is shown only to those who may change the file (and so read it anyway).
        boolean editor = Access.principal(ctx).map(p -> p.may(Role.EDITOR)).orElse(false);
        ctx.json(this.editor.document(ctx.pathParam("name"), editor));
    }

    public void put(Context ctx) throws Exception {
        PutRunbook body = RequestBodies.read(ctx, json, PutRunbook.class);
        answer(ctx, editor.replace(ctx.pathParam("name"), body.text(), body.version(), change(ctx, body.message())));
    }

    public void putCell(Context ctx) throws Exception {
        int index = RequestBodies.intParam(ctx, "index");
        RunbookEditor.CellEdit edit = RequestBodies.read(ctx, json, RunbookEditor.CellEdit.class);
        answer(ctx, editor.replaceCell(ctx.pathParam("name"), index, edit, change(ctx, edit.message())));
    }

    public void create(Context ctx) throws Exception {
        NewRunbook body = RequestBodies.read(ctx, json, NewRunbook.class);
        if (body.name() == null || body.name().isBlank()) {
            throw ApiException.badRequest("body needs \"name\"");
        }
        String file = body.name().strip().endsWith(".md")
                ? body.name().strip()
                : body.name().strip() + ".md";
        String folder = body.folder() == null ? "" : body.folder().strip().replaceAll("^/+|/+$", "");
        String name = folder.isEmpty() ? file : folder + "/" + file;
        String title = body.title() == null || body.title().isBlank()
                ? file.substring(0, file.length() - ".md".length())
                : body.title().strip();
        if (title.indexOf('\n') >= 0 || title.indexOf('\r') >= 0) {
            throw ApiException.badRequest("a title is one line");
        }
        // a JSON string is a YAML double-quoted scalar, so any title reads back as written
        String text = "---\ntitle: " + json.writeValueAsString(title) + "\n---\n# " + title + "\n";
        answer(ctx, editor.create(name, text, change(ctx, body.message())));
    }

    public void insertCell(Context ctx) throws Exception {
        InsertCell body = RequestBodies.read(ctx, json, InsertCell.class);
        int after = body.after() == null ? -1 : body.after();
        answer(
                ctx,
                editor.apply(
                        ctx.pathParam("name"),
                        body.version(),
                        rb -> body.language() != null
                                ? RunbookEdits.insertCell(
                                        rb, after, body.language(), body.code() == null ? "" : body.code())
                                : CellMoves.insertProse(rb, after, body.text()),
                        change(ctx, body.message())));
    }

    public void deleteCell(Context ctx) throws Exception {
        editCell(ctx, (rb, index, body) -> RunbookEdits.deleteCell(rb, index));
    }

    public void moveCell(Context ctx) throws Exception {
        editCell(ctx, (rb, index, body) -> CellMoves.move(rb, index, body.by() == null ? 0 : body.by()));
    }

    public void duplicateCell(Context ctx) throws Exception {
        editCell(ctx, (rb, index, body) -> CellMoves.duplicate(rb, index));
    }

    /** An edit of the cell at a path's {@code index}, with the request's {@link CellChange}. */
    @FunctionalInterface
    private interface CellEdit {
        Runbook apply(Runbook rb, int index, CellChange body);
    }

    /** Applies {@code edit} to the cell at the path's {@code index} of the runbook at the version the body names. */
    private void editCell(Context ctx, CellEdit edit) throws Exception {
        int index = RequestBodies.intParam(ctx, "index");
        CellChange body = RequestBodies.read(ctx, json, CellChange.class);
        answer(
                ctx,
                editor.apply(
                        ctx.pathParam("name"),
                        body.version(),
                        rb -> edit.apply(rb, index, body),
                        change(ctx, body.message())));
    }

    public void putAttributes(Context ctx) throws Exception {
        int index = RequestBodies.intParam(ctx, "index");
        FenceChange body = RequestBodies.read(ctx, json, FenceChange.class);
        Map<String, String> values = body.values() == null ? Map.of() : body.values();
        answer(
                ctx,
                editor.apply(
                        ctx.pathParam("name"),
                        body.version(),
                        rb -> FenceEdits.withAttributes(rb, index, body.id(), values),
                        change(ctx, body.message())));
    }

    public void putFrontMatter(Context ctx) throws Exception {
        FrontMatterChange body = RequestBodies.read(ctx, json, FrontMatterChange.class);
        answer(
                ctx,
                editor.apply(
                        ctx.pathParam("name"),
                        body.version(),
                        rb -> FenceEdits.withFrontMatter(rb, body.yaml()),
                        change(ctx, body.message())));
    }
}
