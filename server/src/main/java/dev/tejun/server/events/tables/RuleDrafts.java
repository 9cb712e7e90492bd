package dev.tejun.server.events.tables;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.alert.RuleFiles;
import dev.tejun.kernel.alert.RuleStages;
import dev.tejun.kernel.evidence.Manifest;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.server.ApiException;
import dev.tejun.server.Json;
import dev.tejun.server.RequestBodies;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.auth.Access;
import dev.tejun.server.auth.Principal;
import dev.tejun.server.events.RuleStageStore;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rule set's draft beside its active version: an editor saves the draft ({@code rules/drafts/NAME.yaml}, which no
 * event is decided by: only {@code rules/*.yaml} are read), replays it on recorded events beside what the active
 * version decided, and an approver promotes it — the draft replaces the active file, audited with both texts'
 * hashes. A draft with problems is refused with all of them and nothing is written.
 */
public final class RuleDrafts {

    /** Where drafts are kept, inside the rules folder. */
    public static final String FOLDER = RuleFiles.FOLDER + "/drafts";

    private final RunbookFolder folder;
    private final AuditLog audit;
    private final RuleStageStore stages;
    private final Clock clock;

    RuleDrafts(RunbookFolder folder, AuditLog audit, RuleStageStore stages, Clock clock) {
        this.folder = folder;
        this.audit = audit;
        this.stages = stages;
        this.clock = clock;
    }

    /** {@code GET /api/rules/draft?file=rules/ops.yaml}: the draft's text and the active version's (null for none). */
    public void get(Context ctx) throws IOException {
        String file = file(ctx.queryParam("file"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", file);
        out.put("draft", read(draft(file)));
        out.put("active", read(folder.resolve(file)));
        ctx.json(out);
    }

    /** {@code PUT /api/rules/draft {"file": "rules/ops.yaml", "text": "rules: …"}}: an editor saves a draft. */
    public void save(Context ctx) throws IOException {
        Principal who = Access.principal(ctx).orElseThrow(() -> new ApiException(401, "sign in first"));
        JsonNode body = RequestBodies.read(ctx, Json.MAPPER, JsonNode.class);
        String file = file(body.path("file").asText(null));
        if (!body.path("text").isTextual()) {
            throw ApiException.badRequest("text must be the draft's YAML");
        }
        String text = body.get("text").asText();
        RuleFiles.Parsed parsed = RuleFiles.parse(file, text);
        if (!parsed.problems().isEmpty()) {
            Map<String, Object> refused = new LinkedHashMap<>();
            refused.put("error", parsed.problems().size() + " problem(s) in the draft; nothing was saved");
            refused.put(
                    "problems", parsed.problems().stream().map(Object::toString).toList());
            ctx.status(400).json(refused);
            return;
        }
        Path draft = draft(file);
        Files.createDirectories(draft.getParent());
        folder.write(FOLDER + "/" + draft.getFileName(), text.getBytes(StandardCharsets.UTF_8));
        Access.markAudited(ctx);
        audit.append(
                who.name(),
                who.via(),
                "rules.draft-saved",
                file,
                "ok",
                ctx.ip(),
                Json.quoted(
                        Map.of("sha256", sha256(text), "rules", parsed.rules().size())));
        ctx.json(Map.of("file", file, "rules", parsed.rules().size()));
    }

    /**
     * {@code POST /api/rules/draft/promote {"file": "rules/ops.yaml"}}: an approver makes the draft the active version
     * (a new rule set starts as a draft stage, as an imported one does); the draft is gone after.
     */
    public void promote(Context ctx) throws IOException {
        Principal who = Access.principal(ctx).orElseThrow(() -> new ApiException(401, "sign in first"));
        String file = file(RequestBodies.read(ctx, Json.MAPPER, JsonNode.class)
                .path("file")
                .asText(null));
        Path draft = draft(file);
        String text = read(draft);
        if (text == null) {
            throw ApiException.notFound("no draft of " + file);
        }
        if (!RuleFiles.parse(file, text).problems().isEmpty()) {
            throw ApiException.badRequest("the draft of " + file + " has problems (edited on disk?); save it again");
        }
        Path active = folder.resolve(file);
        String was = read(active);
        Path next = Files.createTempFile(active.getParent(), ".promote-", ".tmp");
        try {
            Files.writeString(next, text, StandardCharsets.UTF_8);
            Files.move(next, active, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(next);
        }
        Files.delete(draft);
        if (!stages.known(file)) {
            stages.set(file, RuleStages.Stage.DRAFT, who.name(), clock.instant());
        }
        Access.markAudited(ctx);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("from", was == null ? null : sha256(was));
        detail.put("to", sha256(text));
        detail.put("stage", stages.of(file).wire());
        audit.append(who.name(), who.via(), "rules.draft-promoted", file, "ok", ctx.ip(), Json.quoted(detail));
        ctx.json(Map.of("file", file, "stage", stages.of(file).wire()));
    }

    /** {@code DELETE /api/rules/draft?file=rules/ops.yaml}: an editor drops the draft. */
    public void discard(Context ctx) throws IOException {
        Principal who = Access.principal(ctx).orElseThrow(() -> new ApiException(401, "sign in first"));
        String file = file(ctx.queryParam("file"));
        if (!Files.deleteIfExists(draft(file))) {
            throw ApiException.notFound("no draft of " + file);
        }
        Access.markAudited(ctx);
        audit.append(who.name(), who.via(), "rules.draft-discarded", file, "ok", ctx.ip(), Json.quoted(Map.of()));
        ctx.status(204);
    }

    /** {@code file} when it names a rules file (that may not exist yet); 400 otherwise. */
    private static String file(String file) {
        if (file == null || !file.matches(RuleFiles.FOLDER + "/[\\p{L}\\p{N}_-]{1,60}\\.ya?ml")) {
            throw ApiException.badRequest("file must name a rules file, e.g. rules/ops.yaml");
        }
        return file;
    }

    private Path draft(String file) {
        return folder.resolve(FOLDER + "/" + file.substring(RuleFiles.FOLDER.length() + 1));
    }

    private static String read(Path p) throws IOException {
        return Files.isRegularFile(p) ? Files.readString(p, StandardCharsets.UTF_8) : null;
    }

    private static String sha256(String text) {
        return Manifest.sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
