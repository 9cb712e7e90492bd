package dev.tejun.server.search;

import dev.tejun.server.ApiException;
import io.javalin.http.Context;
import java.io.IOException;

/** {@code GET /api/search?q=WORDS}: what the header's search box offers (see {@link WorkspaceSearch}). */
public final class SearchHandler {

    /** A query longer than this is refused: the box sends a few words. */
    static final int MAX_QUERY = 200;

    private final WorkspaceSearch search;

    public SearchHandler(WorkspaceSearch search) {
        this.search = search;
    }

    public void search(Context ctx) throws IOException {
        String q = ctx.queryParam("q");
        if (q != null && q.length() > MAX_QUERY) {
            throw ApiException.badRequest("q: at most " + MAX_QUERY + " characters");
        }
        ctx.json(search.search(q));
    }
}
