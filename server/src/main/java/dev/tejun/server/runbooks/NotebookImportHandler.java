package dev.tejun.server.runbooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.notebook.NotebookImport;
import dev.tejun.kernel.notebook.RecordedRun;
import dev.tejun.server.ApiException;
import dev.tejun.server.RequestBodies;
import dev.tejun.server.auth.Access;
import dev.tejun.server.auth.RequestAudit;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

/**
 * {@code POST /api/runbooks/import}: a Jupyter notebook (its {@code .ipynb} text) becomes a runbook beside the others,
 * as {@code tejun import} makes it — never over an existing file — and the outputs saved in it become a recorded run
 * in evidence (interface {@code import}), shown beside each cell in the notebook until the cell runs here.
 */
public final class NotebookImportHandler {

    /**
     * @param fileName the notebook's file name ({@code lc-check.ipynb}), kept in the front matter
     * @param notebook the notebook's JSON text
     * @param name     the runbook's name (".md" added when missing); blank: the notebook's name with ".md"
     * @param folder   where in the runbooks folder (blank: its top)
     */
    public record ImportNotebook(String fileName, String notebook, String name, String folder, String message) {}

    /** The new runbook, the recorded run of its saved outputs (null: the notebook had none), its code cells. */
    public record Imported(RunbookDocument runbook, String recordedRun, int cells) {}

    /** Lists a run written to evidence (the runs table), so the runbook's runs show the recorded one. */
    @FunctionalInterface
    public interface RunIndexer {
        void record(Path runDir) throws IOException;
    }

    private final RunbookEditor editor;
    private final RunbookFolder folder;
    private final EvidenceStore evidence;
    private final RunIndexer index;
    private final Clock clock;
    private final ObjectMapper json;
    private final RequestAudit audit;

    public NotebookImportHandler(
            RunbookEditor editor,
            RunbookFolder folder,
            EvidenceStore evidence,
            RunIndexer index,
            Clock clock,
            ObjectMapper json,
            RequestAudit audit) {
        this.editor = editor;
        this.folder = folder;
        this.evidence = evidence;
        this.index = index;
        this.clock = clock;
        this.json = json;
        this.audit = audit;
    }

    public void importNotebook(Context ctx) throws Exception {
        ImportNotebook body = RequestBodies.read(ctx, json, ImportNotebook.class);
        if (body.notebook() == null || body.notebook().isBlank()) {
            throw ApiException.badRequest("body needs \"notebook\": the .ipynb file's text");
        }
        String fileName = body.fileName() == null || body.fileName().isBlank()
                ? "notebook.ipynb"
                : body.fileName().strip().replaceAll(".*[/\\\\]", "");
        String file = body.name() == null || body.name().isBlank()
                ? fileName.replaceFirst("(?i)\\.ipynb$", "")
                : body.name().strip();
        file = file.endsWith(".md") ? file : file + ".md";
        String where = body.folder() == null ? "" : body.folder().strip().replaceAll("^/+|/+$", "");
        String name = where.isEmpty() ? file : where + "/" + file;
        NotebookImport.Imported imported;
        try {
            imported = NotebookImport.of(body.notebook().getBytes(StandardCharsets.UTF_8), fileName);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(fileName + ": " + e.getMessage());
        }
        String user = Access.userName(ctx);
        RunbookEditor.Saved saved = editor.create(
                name,
                imported.markdown(),
                new RunbookEditor.Change(
                        () -> audit.recordChange(ctx),
                        user,
                        body.message() == null || body.message().isBlank()
                                ? "Import " + fileName + " as " + name
                                : body.message()));
        String runId = RecordedRun.write(evidence, imported, fileName, name, folder.resolve(name), user, clock);
        if (runId != null) {
            index.record(evidence.root().resolve(runId));
        }
        if (saved.commit() != null) {
            ctx.header(RunbooksHandler.COMMIT_HEADER, saved.commit());
        }
        ctx.status(201)
                .json(new Imported(
                        saved.document(), runId, imported.runbook().codeCells().size()));
    }
}
