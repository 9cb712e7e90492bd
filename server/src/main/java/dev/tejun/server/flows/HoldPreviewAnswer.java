package dev.tejun.server.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tejun.kernel.flow.HoldPreview;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Locale;

/**
 * How a hold point's kept preview is answered, for a flow's pause node and a run's {@code pause} cell alike: always
 * with its {@code state} ({@code ready}, {@code making}, {@code failed} or {@code none}), so a client never waits for
 * a preview that will not come. Ready: 200 with the preview's fields beside {@code state}; being made: 202; failed or
 * never made: 200 with the {@code reason}.
 */
final class HoldPreviewAnswer {

    private HoldPreviewAnswer() {}

    static void answer(Context ctx, ObjectMapper json, HoldPreview preview) throws IOException {
        ObjectNode out =
                json.createObjectNode().put("state", preview.state().name().toLowerCase(Locale.ROOT));
        if (preview.state() == HoldPreview.State.READY) {
            JsonNode kept = json.readTree(preview.json());
            if (kept instanceof ObjectNode fields) {
                out.setAll(fields);
            }
        } else if (preview.reason() != null) {
            out.put("reason", preview.reason());
        }
        ctx.status(preview.state() == HoldPreview.State.MAKING ? 202 : 200).json(out);
    }
}
