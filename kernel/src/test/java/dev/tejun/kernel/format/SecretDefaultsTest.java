package dev.tejun.kernel.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class SecretDefaultsTest {

    @Test
    void redact_flowAndBlockStylesAndQuotes_replaceOnlyTheSecretDefaults() {
        String text = """
                ---
                title: Deploy
                params:
                  token: { secret: true, default: "s3cr3t, with \\" quote" }
                  env: { default: staging }
                  key:
                    secret: true
                    default: plain-s3cret # a comment stays
                    description: the key
                  note:
                    secret: true
                    default: |
                      line one s3cret
                      line two
                    type: string
                  pin: { secret: true, default: 'it''s s3cret' }
                ---
                # Body with s3cret mentioned in prose stays
                """;
        String got = SecretDefaults.redact(text);
        assertEquals("""
                ---
                title: Deploy
                params:
                  token: { secret: true, default: "****" }
                  env: { default: staging }
                  key:
                    secret: true
                    default: "****" # a comment stays
                    description: the key
                  note:
                    secret: true
                    default: "****"
                    type: string
                  pin: { secret: true, default: "****" }
                ---
                # Body with s3cret mentioned in prose stays
                """, got);
        assertFalse(FrontMatter.split(got).metadata().params().isEmpty(), "still valid YAML with the same params");
        assertEquals(
                "staging", FrontMatter.split(got).metadata().params().get("env").defaultValue());
    }

    @Test
    void redact_noSecretDefault_returnsTheSameText() {
        String text = "---\nparams:\n  pw: { secret: true }\n---\n# x\n";
        assertSame(text, SecretDefaults.redact(text));
    }
}
