package dev.tejun.kernel.flow;

import dev.tejun.kernel.Json;
import dev.tejun.kernel.flow.state.HoldPreviewRows;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The preview kept for one hold point (a flow's pause node, or a {@code pause} cell of a run), in one of four states,
 * so an approver is never told "being made" of a preview that will never come:
 *
 * <ul>
 *   <li>{@code READY}: {@code json} is the preview, as kept in evidence;
 *   <li>{@code MAKING}: a process on this host that is still alive (or one on another host) is making it;
 *   <li>{@code FAILED}: making it failed ({@code reason} says why), or the process making it ended first;
 *   <li>{@code NONE}: none was ever begun (the hold began waiting before holds were previewed, or with previews off).
 * </ul>
 *
 * Where each stands is a row of the shared table {@code hold_previews} ({@link HoldPreviewRows}), so every server
 * sharing the database answers for every hold; the preview is also kept as evidence, {@code NAME.json}. Holds from
 * before the table are read from their files: beside {@code NAME.json} a preview being made had
 * {@code NAME.json.making} (host, pid and start of the process making it) and a failed one {@code NAME.json.failed}.
 */
public record HoldPreview(State state, String reason, String json) {

    public enum State {
        READY,
        MAKING,
        FAILED,
        NONE
    }

    private static final System.Logger LOG = System.getLogger(HoldPreview.class.getName());
    private static final String MAKING = ".making";
    private static final String FAILED = ".failed";

    /** What is kept at {@code file} now, for a hold from before the shared table. */
    public static HoldPreview at(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            return new HoldPreview(State.READY, null, Files.readString(file, StandardCharsets.UTF_8));
        }
        Path failed = sibling(file, FAILED);
        if (Files.isRegularFile(failed)) {
            return new HoldPreview(
                    State.FAILED,
                    Files.readString(failed, StandardCharsets.UTF_8).strip(),
                    null);
        }
        Path making = sibling(file, MAKING);
        if (Files.isRegularFile(making)) {
            String[] maker;
            try {
                maker = Files.readString(making, StandardCharsets.UTF_8).strip().split(" ");
            } catch (NoSuchFileException done) {
                return at(file); // cleared just now: the preview or its failure is kept by now
            }
            return maker.length == 3 && alive(maker[0], maker[1], maker[2])
                    ? new HoldPreview(State.MAKING, null, null)
                    : new HoldPreview(State.FAILED, "the server making it stopped before it was finished", null);
        }
        return new HoldPreview(
                State.NONE,
                "no preview was made for this hold: it began waiting before holds were previewed, or with previews"
                        + " off",
                null);
    }

    /**
     * Where the preview of {@code hold} stands, as the shared table says; a hold with no row began waiting before the
     * table existed, and is read from the files beside its evidence copy {@code file} ({@link #at(Path)}).
     */
    public static HoldPreview at(HoldPreviewRows rows, String hold, Path file) throws IOException {
        Optional<HoldPreviewRows.Row> row = rows.get(hold);
        if (row.isEmpty()) {
            return at(file);
        }
        HoldPreviewRows.Row r = row.get();
        return switch (r.state()) {
            case "ready" -> new HoldPreview(State.READY, null, r.preview());
            case "failed" -> new HoldPreview(State.FAILED, r.reason(), null);
            default -> {
                String[] maker = r.maker() == null ? new String[0] : r.maker().split(" ");
                yield maker.length == 3 && alive(maker[0], maker[1], maker[2])
                        ? new HoldPreview(State.MAKING, null, null)
                        : new HoldPreview(State.FAILED, "the server making it stopped before it was finished", null);
            }
        };
    }

    /**
     * Marks {@code hold} as being made at once (in the shared table, so any server answers for it), then makes the
     * preview on a virtual thread, keeps it in the table and a copy as evidence at {@code file}; a failure is kept
     * as the reason instead. {@code what} names the hold in the log.
     */
    static void make(HoldPreviewRows rows, String hold, Path file, String what, Callable<Object> preview) {
        try {
            rows.making(hold, maker());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "no preview for " + what, e);
            return;
        }
        Thread.ofVirtual().name("hold-preview-" + file.getFileName()).start(() -> {
            try {
                String json = Json.PRETTY.writeValueAsString(preview.call());
                Files.createDirectories(file.getParent());
                Path part = sibling(file, ".part");
                Files.writeString(part, json, StandardCharsets.UTF_8);
                Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                rows.ready(hold, json);
            } catch (Exception | Error e) {
                LOG.log(System.Logger.Level.WARNING, "no preview for " + what, e);
                try {
                    rows.failed(hold, reason(e));
                } catch (RuntimeException db) {
                    LOG.log(System.Logger.Level.WARNING, "cannot keep why the preview of " + what + " failed", db);
                }
            }
        });
    }

    private static String reason(Throwable e) {
        return (e.getMessage() == null || e.getMessage().isBlank()
                        ? e.getClass().getSimpleName()
                        : e.getMessage())
                .strip();
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    /** This process, as {@code HOST PID START-MILLIS}. */
    private static String maker() {
        ProcessHandle me = ProcessHandle.current();
        return host() + " " + me.pid() + " "
                + me.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    /** Whether the process named is alive: on this host, the same pid started at the same time; elsewhere, assumed. */
    private static boolean alive(String host, String pid, String start) {
        if (!host.equals(host())) {
            return true; // another server on a shared evidence folder: it says when it is done
        }
        try {
            Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(pid));
            return p.isPresent()
                    && p.get().isAlive()
                    && String.valueOf(p.get()
                                    .info()
                                    .startInstant()
                                    .map(Instant::toEpochMilli)
                                    .orElse(0L))
                            .equals(start);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String host() {
        return Host.NAME;
    }

    /** This host's name, looked up once (on first use: a lookup may take a moment). */
    private static final class Host {
        static final String NAME = lookUp();

        private static String lookUp() {
            try {
                return InetAddress.getLocalHost().getHostName().replace(' ', '_');
            } catch (IOException e) {
                return "localhost";
            }
        }
    }
}
