package dev.tejun.kernel.exec.jupyter;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * One message of the Jupyter messaging protocol (version 5.3): its header, the header of the request it answers,
 * metadata, content and binary buffers. Every output is routed to its request by {@link #parentId()}.
 */
record KernelMessage(
        ObjectNode header, ObjectNode parentHeader, ObjectNode metadata, ObjectNode content, List<byte[]> buffers) {

    static final String PROTOCOL_VERSION = "5.3";

    KernelMessage {
        buffers = buffers == null ? List.of() : List.copyOf(buffers);
    }

    /** A new request of this session, with no parent. */
    static KernelMessage request(String session, String type, ObjectNode content) {
        ObjectNode header = JsonNodeFactory.instance.objectNode();
        header.put("msg_id", UUID.randomUUID().toString());
        header.put("session", session);
        header.put("username", "tejun");
        header.put("date", OffsetDateTime.now(ZoneOffset.UTC).toString());
        header.put("msg_type", type);
        header.put("version", PROTOCOL_VERSION);
        ObjectNode empty = JsonNodeFactory.instance.objectNode();
        return new KernelMessage(header, empty, JsonNodeFactory.instance.objectNode(), content, List.of());
    }

    String id() {
        return header.path("msg_id").asText();
    }

    String type() {
        return header.path("msg_type").asText();
    }

    /** The id of the request this message belongs to, or "" for a message that answers none. */
    String parentId() {
        return parentHeader.path("msg_id").asText("");
    }
}
