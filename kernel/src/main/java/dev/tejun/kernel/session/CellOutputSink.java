package dev.tejun.kernel.session;

import dev.tejun.kernel.event.CellOutput;
import dev.tejun.kernel.event.CellResult;
import dev.tejun.kernel.event.HostStatus;
import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.exec.Output;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@link Output} a session hands to an executor for one cell: raw bytes go to evidence unchanged (they are not
 * events: the events carry their decoding), and a UTF-8 decoder per stream (and host) turns them into
 * {@link CellOutput} events, keeping a multi-byte character that is split across two chunks whole and replacing
 * invalid bytes. Every event goes once into the session's event stream, whose sinks include evidence. It also keeps
 * the first megabyte of stdout for {@code ${cells.ID.stdout}}.
 */
final class CellOutputSink implements Output {

    /** Where the raw bytes of this cell are kept whole: its evidence. */
    @FunctionalInterface
    interface RawBytes {
        void write(Stream stream, String host, byte[] data, int offset, int length);
    }

    static final int CAPTURE_LIMIT = 1 << 20;

    private final EventLog log;
    private final RawBytes evidence;
    private final Clock clock;
    private final String runId;
    private final String cellId;
    private final Map<String, CharsetDecoder> decoders = new HashMap<>();
    private final StringBuilder stdout = new StringBuilder();
    /** Grown to what a chunk needs ({@link #decode}): most cells print a line or nothing, and 128 KiB up front was ~1 %
     * of the server's CPU at every cell. */
    private CharBuffer chars = CharBuffer.allocate(256);

    CellOutputSink(EventLog log, RawBytes evidence, Clock clock, String runId, String cellId) {
        this.log = log;
        this.evidence = evidence;
        this.clock = clock;
        this.runId = runId;
        this.cellId = cellId;
    }

    @Override
    public synchronized void write(Stream stream, String host, byte[] data, int offset, int length) {
        evidence.write(stream, host, data, offset, length);
        CharsetDecoder decoder = decoders.computeIfAbsent(
                stream + "/" + host,
                k -> StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE));
        ByteBuffer in = pending(stream, host, data, offset, length);
        decode(decoder, in, false, stream, host);
        keepRest(stream, host, in);
    }

    // Bytes of an incomplete character at the end of the previous chunk, per stream and host.
    private final Map<String, byte[]> rests = new HashMap<>();

    private ByteBuffer pending(Stream stream, String host, byte[] data, int offset, int length) {
        byte[] rest = rests.remove(stream + "/" + host);
        if (rest == null) {
            return ByteBuffer.wrap(data, offset, length);
        }
        ByteBuffer joined = ByteBuffer.allocate(rest.length + length);
        joined.put(rest).put(data, offset, length).flip();
        return joined;
    }

    private void keepRest(Stream stream, String host, ByteBuffer in) {
        if (in.hasRemaining()) {
            byte[] rest = new byte[in.remaining()];
            in.get(rest);
            rests.put(stream + "/" + host, rest);
        }
    }

    private void decode(CharsetDecoder decoder, ByteBuffer in, boolean last, Stream stream, String host) {
        int capacity = (int) Math.max(16, in.remaining() * (double) decoder.maxCharsPerByte()) + 4;
        if (chars.capacity() < capacity) {
            chars = CharBuffer.allocate(capacity);
        }
        chars.clear();
        decoder.decode(in, chars, last);
        if (last) {
            decoder.flush(chars);
            decoder.reset();
        }
        chars.flip();
        if (chars.hasRemaining()) {
            String text = chars.toString();
            if (stream == Stream.STDOUT && host == null && stdout.length() < CAPTURE_LIMIT) {
                stdout.append(text, 0, Math.min(text.length(), CAPTURE_LIMIT - stdout.length()));
            }
            log.append(seq -> new CellOutput(seq, clock.instant(), runId, cellId, stream, host, text));
        }
    }

    /** Emits what is left in the decoders (an incomplete character at the very end becomes a replacement). */
    synchronized void flush() {
        for (String key : Map.copyOf(rests).keySet()) {
            byte[] rest = rests.remove(key);
            String[] parts = key.split("/", 2);
            Stream stream = Stream.valueOf(parts[0]);
            String host = "null".equals(parts[1]) ? null : parts[1];
            decode(decoders.get(key), ByteBuffer.wrap(rest), true, stream, host);
        }
    }

    /**
     * The largest structured result (a value, a table, JSON) kept, in characters. Past it the result is cut and
     * says so: every reader of evidence (run index, report, browser) can then read it, whereas a huge one made
     * JSON parsers refuse result.json and left the run's record unfinished. Output is not cut; it is on disk whole.
     */
    static final int RESULT_LIMIT = 4 << 20;

    @Override
    public void result(String mime, String data) {
        if (data != null && data.length() > RESULT_LIMIT) {
            // cut JSON is no longer JSON: a cut result is plain text, whatever it was
            data = data.substring(0, RESULT_LIMIT) + "\n… [result truncated: " + data.length() + " characters of "
                    + mime + ", " + RESULT_LIMIT + " kept]";
            mime = "text/plain";
        }
        String kept = data;
        String type = mime;
        log.append(seq -> new CellResult(seq, clock.instant(), runId, cellId, type, kept));
    }

    @Override
    public void hostStatus(String host, String status, String detail) {
        log.append(seq -> new HostStatus(seq, clock.instant(), runId, cellId, host, status, detail));
    }

    synchronized String capturedStdout() {
        return stdout.toString();
    }
}
