package dev.tejun.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.server.audit.AuditEntry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Audit details were built by a hand-written escaper ({@code Access.jsonString}); Jackson builds them now. The bytes
 * of an audit detail are hashed into the chain, so for ordinary text the new output must be the old one byte for
 * byte. The one difference is in some control characters: for newline, tab, carriage return, backspace and form
 * feed the old escaper wrote {@code \u000a} where Jackson writes {@code \n}, and for 0x0a-0x0f and 0x1a-0x1f it
 * wrote lower-case hex ({@code \u001b}) where Jackson writes {@code \u001B}; the rest (0x00-0x07, 0x10-0x19) come out
 * the same. Both spellings are the same JSON value, and entries already written keep their stored text (the hash is
 * over it), so the chain of existing data verifies as before.
 */
class JsonEscapingTest {

    /** The escaper as it was, kept here to compare against. */
    private static String oldJsonString(String key, String value) {
        StringBuilder b = new StringBuilder("{\"" + key + "\":\"");
        for (char ch : value.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append("\"}").toString();
    }

    private static final List<String> ORDINARY = List.of(
            "",
            "foreign origin",
            "no such runbook: deploy.md",
            "say \"hi\"",
            "C:\\temp\\x",
            "a/b</script>",
            "grüße, 東京, émoji 🚀",
            "'single' & <tags>",
            "\u007f delete",
            "line\u2028separator",
            "20260101-120000-abcdef",
            "{\"already\":\"json\"}");

    private static final List<String> CONTROL_SAME = List.of("bell\u0007", "nul\u0000", "dle\u0010", "em\u0019");

    private static final List<String> CONTROL_SPELLED_OTHERWISE =
            List.of("two\nlines", "tab\there", "cr\r", "esc\u001b[31m", "\b\f", "vt\u000b", "sub\u001a");

    @Test
    void object_ordinaryText_sameBytesAsTheOldEscaper() {
        for (String s : ORDINARY) {
            assertEquals(oldJsonString("reason", s), Json.object("reason", s), s);
        }
        for (String s : CONTROL_SAME) {
            assertEquals(oldJsonString("reason", s), Json.object("reason", s), s);
        }
    }

    @Test
    void object_controlCharacters_differInSpellingOnly_sameValue() throws Exception {
        for (String s : CONTROL_SPELLED_OTHERWISE) {
            String old = oldJsonString("reason", s);
            String now = Json.object("reason", s);
            assertNotEquals(
                    old,
                    now,
                    "expected the documented difference for "
                            + s.codePoints().boxed().toList());
            JsonNode a = Json.MAPPER.readTree(old);
            JsonNode b = Json.MAPPER.readTree(now);
            assertEquals(a, b);
            assertEquals(s, b.get("reason").asText());
        }
        assertEquals("{\"reason\":\"two\\nlines\"}", Json.object("reason", "two\nlines"));
        assertEquals("{\"reason\":\"esc\\u001B\"}", Json.object("reason", "esc\u001b"));
    }

    @Test
    void object_nullValue_isJsonNull() {
        assertEquals("{\"runId\":null}", Json.object("runId", null));
    }

    @Test
    void quoted_string_isTheLiteralTheOldEscaperWrote() {
        for (String s : ORDINARY) {
            String old = oldJsonString("x", s);
            assertEquals(old.substring(5, old.length() - 1), Json.quoted(s), s);
        }
        assertEquals("null", Json.quoted(null));
    }

    /** An entry written before the change is hashed over its stored detail, so it verifies whatever escapes now. */
    @Test
    void auditEntry_withOldEscapedDetail_stillVerifies() {
        String detail = oldJsonString("reason", "two\nlines");
        AuditEntry unhashed = new AuditEntry(
                7,
                Instant.parse("2026-01-01T00:00:00Z"),
                "alice",
                "web",
                "refused",
                "GET /x",
                "403",
                "127.0.0.1",
                detail,
                AuditEntry.GENESIS,
                null,
                null);
        String hash = unhashed.computeHash();
        AuditEntry stored = new AuditEntry(
                7,
                unhashed.at(),
                "alice",
                "web",
                "refused",
                "GET /x",
                "403",
                "127.0.0.1",
                detail,
                AuditEntry.GENESIS,
                hash,
                null);
        assertEquals(stored.hash(), stored.computeHash());
    }
}
