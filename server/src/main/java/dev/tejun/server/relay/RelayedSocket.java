package dev.tejun.server.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.websocket.WsContext;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * One browser socket relayed to the server that holds its notebook session ({@link SessionRelay}): text from the
 * owner goes to the browser as it came (what arrives before the browser's socket is open is kept until then), text
 * from the browser goes to the owner. When the owner's socket ends without the browser asking — the owner stopped or
 * died — the browser is told so in an {@code error} message and its socket is closed with 1012 (service restart):
 * connecting again opens a new session on a living server once the owner's lease has passed.
 */
public final class RelayedSocket implements WebSocket.Listener {

    /** Close code for "the owner went away, connect again". */
    public static final int OWNER_GONE = 1012;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String owner;
    private final StringBuilder partial = new StringBuilder();
    private final List<String> early = new ArrayList<>();
    private WebSocket upstream;
    private WsContext browser;
    private final Object toOwner = new Object();
    private volatile boolean ended;

    RelayedSocket(String owner) {
        this.owner = owner;
    }

    void upstream(WebSocket socket) {
        this.upstream = socket;
    }

    /** The server that holds the session. */
    public String owner() {
        return owner;
    }

    /** The browser's socket is open: what the owner sent so far goes to it, and from now on as it comes. */
    public synchronized void bind(WsContext ctx) {
        browser = ctx;
        early.forEach(ctx::send);
        early.clear();
        if (ended) {
            goneNotice();
        }
    }

    /** A message of the browser, for the owner (sent one after the other: the JDK socket takes one at a time). */
    public void fromBrowser(String text) {
        synchronized (toOwner) {
            if (!ended) {
                upstream.sendText(text, true).join();
            }
        }
    }

    /** The browser closed (or its socket failed): the owner's socket is closed too. */
    public synchronized void browserClosed() {
        if (!ended) {
            ended = true;
            upstream.sendClose(WebSocket.NORMAL_CLOSURE, "browser closed");
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            toBrowser(text);
        }
        ws.request(1);
        return null;
    }

    private synchronized void toBrowser(String text) {
        if (browser == null) {
            early.add(text);
        } else {
            browser.send(text);
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
        ownerEnded(code, reason);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        ownerEnded(-1, null);
    }

    private synchronized void ownerEnded(int code, String reason) {
        if (ended) {
            return; // the browser closed first: nothing to tell it
        }
        ended = true;
        if (browser == null) {
            return; // told at bind
        }
        boolean gone = code == -1 || code == 1001 || code == 1006 || code == 1011 || code == OWNER_GONE;
        if (gone) {
            goneNotice();
        } else {
            // the owner closed it on purpose (e.g. the user was disabled): the browser gets its words
            browser.closeSession(code, reason == null ? "" : reason);
        }
    }

    private void goneNotice() {
        String message = "server " + owner + ", which held this notebook session, went away; connect again to open"
                + " a new session on a living server (what ran stays in its evidence)";
        try {
            browser.send(JSON.writeValueAsString(JSON.createObjectNode()
                    .put("type", "error")
                    .putNull("replyTo")
                    .put("message", message)));
        } catch (Exception e) {
            // the browser went too
        }
        browser.closeSession(OWNER_GONE, "server " + owner + " went away: connect again");
    }
}
