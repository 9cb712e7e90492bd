package dev.tejun.kernel.alert;

import dev.tejun.kernel.folder.RunbookFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rules of a runbook folder for a server that decides every event with them. An edit counts from the next event;
 * an unchanged folder costs one look at the attributes of the folder and of each file, not a read and a YAML parse.
 *
 * <p>A file (or the folder's listing) is taken as unchanged when its modification time, size and file key are what
 * they were at the last read <em>and</em> that time lies more than {@link #RACY} before the last read: two writes of
 * the same size within one tick of the file system's clock keep all three, so a file changed that recently is read
 * again and its text compared (as Git treats a "racily clean" entry). An edit through a rename (editors, Git) gives a
 * new file key; a file added or removed changes the folder's time.
 */
public final class RuleFilesCache {

    /** How long after its modification a file's attributes alone are not trusted to say it is unchanged. */
    static final Duration RACY = Duration.ofSeconds(2);

    private record Stamp(FileTime modified, long size, Object key) {
        static Stamp of(Path p) throws IOException {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return new Stamp(a.lastModifiedTime(), a.size(), a.fileKey());
        }

        /** Whether this stamp, taken again, says nothing changed since {@code last} was read at {@code readAt}. */
        boolean same(Stamp last, Instant readAt) {
            return last != null
                    && modified.equals(last.modified)
                    && size == last.size
                    && Objects.equals(key, last.key)
                    && modified.toInstant().isBefore(readAt.minus(RACY));
        }
    }

    private record Read(String text, Stamp stamp, Instant at, RuleFiles.Parsed parsed) {}

    private final Clock clock;
    private Map<Path, Read> reads = Map.of();
    private Path dir;
    private Stamp dirStamp;
    private Instant listedAt;
    private List<Path> files = List.of();
    private RuleFiles.Parsed last;

    public RuleFilesCache() {
        this(Clock.systemUTC());
    }

    RuleFilesCache(Clock clock) {
        this.clock = clock;
    }

    /** As {@link RuleFiles#load}, reusing what an unchanged file (or an unchanged folder) yielded. */
    public synchronized RuleFiles.Parsed load(RunbookFolder folder) throws IOException {
        Path rulesDir = folder.root().resolve(RuleFiles.FOLDER);
        Instant now = clock.instant();
        Stamp d;
        try {
            d = Files.isDirectory(rulesDir) ? Stamp.of(rulesDir) : null;
        } catch (NoSuchFileException gone) {
            d = null;
        }
        if (d == null) {
            forget();
            return new RuleFiles.Parsed(List.of(), List.of());
        }
        boolean[] changed = {last == null || !rulesDir.equals(dir)};
        if (changed[0] || !d.same(dirStamp, listedAt)) {
            List<Path> listing = RuleFiles.files(rulesDir);
            changed[0] |= !listing.equals(files);
            files = listing;
            dir = rulesDir;
            dirStamp = d;
            listedAt = now;
        }
        Map<Path, Read> seen = new HashMap<>();
        RuleFiles.Parsed all;
        try {
            all = RuleFiles.combine(files, f -> {
                Read was = reads.get(f);
                Read r = read(f, was, now);
                changed[0] |= was == null || r.parsed() != was.parsed();
                seen.put(f, r);
                return r.parsed();
            });
        } catch (NoSuchFileException gone) {
            // removed between the listing and the read: list again
            forget();
            return load(folder);
        }
        reads = seen;
        if (!changed[0]) {
            return last;
        }
        last = all;
        return all;
    }

    /** The file as now: {@code was} when its attributes say so, else read again (parsed again only if its text changed). */
    private static Read read(Path f, Read was, Instant now) throws IOException {
        Stamp stamp = Stamp.of(f);
        if (was != null && stamp.same(was.stamp(), was.at())) {
            return was;
        }
        String text = Files.readString(f, StandardCharsets.UTF_8);
        if (was != null && was.text().equals(text)) {
            return new Read(text, stamp, now, was.parsed()); // read again now: its time may stop being recent
        }
        return new Read(text, stamp, now, RuleFiles.parse(RuleFiles.FOLDER + "/" + f.getFileName(), text));
    }

    private void forget() {
        dir = null;
        dirStamp = null;
        last = null;
        reads = Map.of();
        files = List.of();
    }
}
