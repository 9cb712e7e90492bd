package dev.tejun.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Payloads of the monitoring sources Tejun takes (Grafana, Zabbix, CloudEvents, …), written for these tests from each
 * format's public description, so the kernel's readers and the server's endpoints are tested on the same posts.
 */
public final class EventSamples {

    private EventSamples() {}

    /** The sample {@code events/NAME} as text. */
    public static String read(String name) {
        try (InputStream in = EventSamples.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no event sample " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
