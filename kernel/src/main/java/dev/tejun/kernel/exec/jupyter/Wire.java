package dev.tejun.kernel.exec.jupyter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tejun.kernel.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.zeromq.ZMQ;

/**
 * The wire format of the messaging protocol: routing identities, the {@code <IDS|MSG>} delimiter, the HMAC of the
 * four JSON frames, the frames, then buffers. A message whose signature does not verify is dropped: on a loopback
 * port any local process could otherwise speak for the kernel.
 */
final class Wire {

    static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    private static final String ALGORITHM = "HmacSHA256";

    private final byte[] key;

    /** @param key the connection file's key; empty turns signing off (never done by Tejun, accepted from specs) */
    Wire(String key) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    /** Sends a message on a DEALER socket (no identities of our own). */
    void send(ZMQ.Socket socket, KernelMessage message) {
        byte[][] frames = {
            json(message.header()), json(message.parentHeader()), json(message.metadata()), json(message.content())
        };
        socket.sendMore(DELIMITER);
        socket.sendMore(sign(frames).getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < frames.length; i++) {
            boolean last = i == frames.length - 1 && message.buffers().isEmpty();
            if (last) {
                socket.send(frames[i]);
            } else {
                socket.sendMore(frames[i]);
            }
        }
        for (int i = 0; i < message.buffers().size(); i++) {
            byte[] b = message.buffers().get(i);
            if (i == message.buffers().size() - 1) {
                socket.send(b);
            } else {
                socket.sendMore(b);
            }
        }
    }

    /**
     * Reads one message if one is waiting, else null. A message that is malformed or wrongly signed is read whole
     * and dropped, so the next read starts at a message boundary.
     */
    KernelMessage receive(ZMQ.Socket socket) {
        return read(socket, ZMQ.DONTWAIT);
    }

    /**
     * Waits for one message as long as the socket's receive timeout, else null (as {@link #receive} drops a
     * malformed one). Blocking on the one socket a cell waits on is cheaper than a poller over all of them, which
     * registers each socket with a selector again at every call.
     */
    KernelMessage await(ZMQ.Socket socket) {
        return read(socket, 0);
    }

    private KernelMessage read(ZMQ.Socket socket, int flags) {
        List<byte[]> frames = new ArrayList<>();
        byte[] first = socket.recv(flags);
        if (first == null) {
            return null;
        }
        frames.add(first);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return decode(frames);
    }

    /** The message in these frames, or null when they are not a signed message of this connection. */
    KernelMessage decode(List<byte[]> frames) {
        int at = 0;
        while (at < frames.size() && !java.util.Arrays.equals(frames.get(at), DELIMITER)) {
            at++;
        }
        if (frames.size() < at + 6) {
            return null;
        }
        byte[] signature = frames.get(at + 1);
        byte[][] parts = {frames.get(at + 2), frames.get(at + 3), frames.get(at + 4), frames.get(at + 5)};
        byte[] expected = sign(parts).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(signature, expected)) {
            return null;
        }
        try {
            return new KernelMessage(
                    object(parts[0]),
                    object(parts[1]),
                    object(parts[2]),
                    object(parts[3]),
                    frames.subList(at + 6, frames.size()));
        } catch (IOException e) {
            return null;
        }
    }

    /** The hex HMAC-SHA256 of the four JSON frames, or "" when there is no key. */
    String sign(byte[][] parts) {
        if (key.length == 0) {
            return "";
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no " + ALGORITHM + " in this JDK", e);
        }
    }

    private static byte[] json(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode object(byte[] bytes) throws IOException {
        JsonNode node = Json.MAPPER.readTree(bytes);
        return node instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
    }
}
