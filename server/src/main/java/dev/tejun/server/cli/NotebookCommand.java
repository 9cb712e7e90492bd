package dev.tejun.server.cli;

import dev.tejun.kernel.evidence.EvidenceReport;
import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.notebook.NotebookExport;
import dev.tejun.kernel.notebook.NotebookImport;
import dev.tejun.kernel.notebook.RecordedRun;
import dev.tejun.kernel.proof.HeadExport;
import dev.tejun.kernel.proof.ProofKey;
import dev.tejun.server.cli.args.Args;
import dev.tejun.server.runs.ReportPdf;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code tejun import NOTEBOOK.ipynb [-o RUNBOOK.md]} and {@code tejun export RUN-ID --format ipynb|html|pdf [-o FILE]} (PDF through headless Chromium).
 * Import writes the runbook (never over an existing file) and keeps the notebook's saved outputs as a recorded run in
 * the data directory's evidence. Exit 0 on success, 1 when the input is refused, 2 for a usage error.
 */
final class NotebookCommand {

    static final String USAGE = String.join(
            "\n",
            "       tejun import NOTEBOOK.ipynb [-o RUNBOOK.md]",
            "       tejun export RUN-ID [--format ipynb|html|pdf] [-o FILE]");

    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private final PrintStream out;
    private final PrintStream err;
    private final Path dataDir;
    private final HeadExport heads;

    NotebookCommand(PrintStream out, PrintStream err, Path dataDir, HeadExport heads) {
        this.out = out;
        this.err = err;
        this.dataDir = dataDir;
        this.heads = heads;
    }

    int importNotebook(List<String> words) throws Exception {
        Args a = Args.parse(words, List.of("output"));
        if (a.positional().size() != 1 || !a.params().isEmpty()) {
            throw new Args.UsageError("import takes one notebook file");
        }
        Path notebook = Path.of(a.positional().getFirst());
        if (!Files.isRegularFile(notebook)) {
            err.println("tejun: no notebook at " + notebook);
            return 1;
        }
        String fileName = notebook.getFileName().toString();
        Path target = a.options().containsKey("output")
                ? Path.of(a.options().get("output"))
                : notebook.resolveSibling(fileName.replaceFirst("\\.ipynb$", "") + ".md");
        if (Files.exists(target)) {
            err.println("tejun: " + target + " exists; nothing was written (name another file with -o)");
            return 1;
        }
        NotebookImport.Imported imported;
        try {
            imported = NotebookImport.of(Files.readAllBytes(notebook), fileName);
        } catch (IllegalArgumentException e) {
            err.println("tejun: " + notebook + ": " + e.getMessage());
            return 1;
        }
        Files.writeString(target, imported.markdown(), StandardCharsets.UTF_8);
        EvidenceStore evidence =
                new EvidenceStore(dataDir.resolve("evidence"), Clock.systemUTC(), ProofKey.open(dataDir), heads);
        String runId = RecordedRun.write(
                evidence,
                imported,
                fileName,
                target.getFileName().toString(),
                target.toAbsolutePath(),
                System.getProperty("user.name", "unknown"),
                Clock.systemUTC());
        out.println("imported " + notebook + " -> " + target + " ("
                + imported.runbook().codeCells().size()
                + " cells" + (runId == null ? ", no recorded outputs" : ", recorded outputs kept as run " + runId)
                + ")");
        return 0;
    }

    int export(List<String> words) throws Exception {
        Args a = Args.parse(words, List.of("output", "format"));
        if (a.positional().size() != 1 || !a.params().isEmpty()) {
            throw new Args.UsageError("export takes one run id");
        }
        String runId = a.positional().getFirst();
        String format = a.options().getOrDefault("format", "ipynb");
        if (!RUN_ID.matcher(runId).matches()) {
            throw new Args.UsageError("'" + runId + "' is not a run id");
        }
        Path runDir = dataDir.resolve("evidence").resolve(runId);
        if (!Files.isDirectory(runDir)) {
            err.println("tejun: no run " + runId + " in " + dataDir.resolve("evidence"));
            return 1;
        }
        byte[] bytes = switch (format) {
            case "ipynb" -> NotebookExport.of(runDir);
            case "html" -> EvidenceReport.of(runDir).html().getBytes(StandardCharsets.UTF_8);
            case "pdf" -> {
                if (a.options().get("output") == null) {
                    throw new Args.UsageError("--format pdf needs -o FILE.pdf");
                }
                try {
                    yield new ReportPdf().print(EvidenceReport.of(runDir).html());
                } catch (ReportPdf.Unavailable e) {
                    err.println("tejun export: " + e.getMessage());
                    yield null;
                }
            }
            default -> throw new Args.UsageError("--format is ipynb, html or pdf");
        };
        if (bytes == null) {
            return 1;
        }
        String output = a.options().get("output");
        if (output == null) {
            out.write(bytes);
            out.flush();
        } else {
            Files.write(Path.of(output), bytes);
            out.println("exported run " + runId + " -> " + output);
        }
        return 0;
    }
}
