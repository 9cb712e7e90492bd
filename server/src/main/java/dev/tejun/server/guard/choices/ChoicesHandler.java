package dev.tejun.server.guard.choices;

import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.format.RunbookFormat;
import dev.tejun.kernel.guard.choices.ParamChoices;
import dev.tejun.kernel.runbook.Runbook;
import dev.tejun.server.ApiException;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/choices?runbook=R&param=P&env=prod}: the choices of param P of runbook R, given the other params'
 * values in the query (front matter defaults fill the rest), as the notebook form and {@code -p P=?} show them.
 */
public final class ChoicesHandler {

    private final RunbookFolder folder;
    private final ParamChoices choices;

    public ChoicesHandler(RunbookFolder folder, ParamChoices choices) {
        this.folder = folder;
        this.choices = choices;
    }

    public void list(Context ctx) throws IOException {
        String name = ctx.queryParam("runbook");
        String param = ctx.queryParam("param");
        if (name == null || param == null) {
            throw ApiException.badRequest("runbook and param are required");
        }
        RunbookFolder.runbookName(name);
        Path file = folder.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw ApiException.notFound("no runbook " + name);
        }
        Runbook runbook = RunbookFormat.parse(Files.readString(file, StandardCharsets.UTF_8));
        Map<String, String> given = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((k, v) -> {
            if (!k.equals("runbook") && !k.equals("param") && !v.isEmpty()) {
                given.put(k, v.getFirst());
            }
        });
        try {
            ctx.json(choices.list(runbook, param, ParamChoices.withDefaults(runbook, given)));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }
}
