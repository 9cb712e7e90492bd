package dev.tejun.kernel.exec.dialog;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The full dialog of a cell, both directions and every host, one line per piece with its time: {@code <} what a host
 * wrote, {@code >} what was sent to it (masked), {@code #} what the dialog decided. Kept in the run's evidence.
 * Texts are escaped ({@code \r}, {@code \n}, control bytes as {@code \xNN}) so each piece is one line.
 */
final class Transcript implements AutoCloseable {

    private final Path file;
    private final BufferedWriter out;
    private final Clock clock;

    Transcript(Path file, Clock clock) throws IOException {
        this.file = file;
        this.clock = clock;
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    Path file() {
        return file;
    }

    void received(String host, String text) {
        line(host, "<", text);
    }

    void sent(String host, String text) {
        line(host, ">", text);
    }

    void note(String host, String text) {
        line(host, "#", text);
    }

    private synchronized void line(String host, String direction, String text) {
        try {
            out.write(clock.instant() + " " + host + " " + direction + " " + escape(text) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
