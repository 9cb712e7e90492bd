package dev.tejun.kernel.exec.ansible;

import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.exec.Output;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** Passes everything on and keeps the plain log (the cell's own streams, not the host panes) in a file. */
record LogTee(Output target, OutputStream log) implements Output {
    @Override
    public void write(Stream stream, String host, byte[] data, int offset, int length) {
        target.write(stream, host, data, offset, length);
        if (host == null) {
            try {
                synchronized (log) {
                    log.write(data, offset, length);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void result(String mime, String data) {
        target.result(mime, data);
    }

    @Override
    public void hostStatus(String host, String status, String detail) {
        target.hostStatus(host, status, detail);
    }
}
