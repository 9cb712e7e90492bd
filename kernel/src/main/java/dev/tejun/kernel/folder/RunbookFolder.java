package dev.tejun.kernel.folder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The runbooks folder. Every name a client gives is resolved here and nowhere else, so that no request can
 * reach a file outside it: absolute paths, {@code ..}, and symbolic links that lead out are refused.
 */
public final class RunbookFolder {

    /** A name that does not denote a runbook inside the folder. */
    public static final class OutsideFolder extends IllegalArgumentException {
        public OutsideFolder(String message) {
            super(message);
        }
    }

    /** A name that is no runbook's or flow's: another ending, or a part that is empty or hidden. */
    public static final class BadName extends IllegalArgumentException {
        public BadName(String message) {
            super(message);
        }
    }

    /** What a runbook's name ends with. */
    public static final String RUNBOOK_SUFFIX = ".md";
    /** What a flow's name ends with. */
    public static final String FLOW_SUFFIX = ".flow.yaml";

    private final Path root;
    private final Releases releases;

    public RunbookFolder(Path root) throws IOException {
        Files.createDirectories(root);
        this.root = root.toRealPath();
        this.releases = Releases.MAIN;
    }

    private RunbookFolder(Path root, Releases releases) {
        this.root = root;
        this.releases = releases;
    }

    /**
     * This folder with its release branch and reviewed folders ({@code git.release-branch}, {@code
     * git.reviewed-folders}).
     */
    public RunbookFolder releasing(Releases releases) {
        return new RunbookFolder(root, releases);
    }

    public Path root() {
        return root;
    }

    /** Which runbooks are protected here and the branch they must be reviewed onto. */
    public Releases releases() {
        return releases;
    }

    /** Runbook names ({@code a/b.md}, forward slashes), sorted; dot-folders and build output are skipped. */
    public List<String> list() throws IOException {
        List<String> names = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String n = dir.getFileName() == null ? "" : dir.getFileName().toString();
                boolean skip =
                        !dir.equals(root) && (n.startsWith(".") || n.equals("target") || n.equals("node_modules"));
                return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && file.getFileName().toString().endsWith(RUNBOOK_SUFFIX)) {
                    names.add(root.relativize(file).toString().replace('\\', '/'));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        names.sort(null);
        return names;
    }

    /**
     * {@code name} when it can name a runbook: a relative path with forward slashes ending in {@code .md}, no part
     * empty or starting with a dot. Without this, {@code .git/config} or any other file in the folder could be read
     * or overwritten through the API; {@link #resolve} still does the confinement. Throws {@link BadName}.
     */
    public static String runbookName(String name) {
        return checkedName(name, RUNBOOK_SUFFIX, "runbook");
    }

    /** {@code name} when it can name a flow: as {@link #runbookName}, ending in {@code .flow.yaml}. */
    public static String flowName(String name) {
        return checkedName(name, FLOW_SUFFIX, "flow");
    }

    private static String checkedName(String name, String suffix, String what) {
        if (name == null || !name.endsWith(suffix) || name.startsWith("/") || name.contains("\\")) {
            throw new BadName("a " + what + " name is a relative path ending in " + suffix + ": " + name);
        }
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.startsWith(".")) {
                throw new BadName("a " + what + " name has no part that is empty or starts with '.': " + name);
            }
        }
        return name;
    }

    /** A Windows drive ({@code C:}) at the start of a name; compiled once (resolve runs at every notebook message). */
    private static final Pattern DRIVE = Pattern.compile("[A-Za-z]:.*");

    private static final Pattern SEPARATOR = Pattern.compile("[/\\\\]");

    /** The file for {@code name}; it need not exist yet, but its real location must be inside the folder. */
    public Path resolve(String name) {
        if (name == null
                || name.isBlank()
                || name.indexOf('\0') >= 0
                || name.startsWith("/")
                || name.startsWith("\\")
                || DRIVE.matcher(name).matches()) {
            throw new OutsideFolder("not a runbook name: " + name);
        }
        for (String part : SEPARATOR.split(name)) {
            if (part.equals("..")) {
                throw new OutsideFolder("'..' is not allowed in a runbook name: " + name);
            }
        }
        Path path = root.resolve(name).normalize();
        if (!path.startsWith(root)) {
            throw new OutsideFolder("outside the runbooks folder: " + name);
        }
        try {
            // A name whose folders do not exist yet is checked at its nearest folder that does: a link there
            // (books/link -> /etc) would otherwise have the write create books/link/new/ outside, before refusing.
            Path existing = path;
            while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS) && !existing.equals(root)) {
                existing = existing.getParent();
            }
            Path real = existing.toRealPath();
            if (!real.startsWith(root)) {
                throw new OutsideFolder("leads outside the runbooks folder: " + name);
            }
        } catch (NoSuchFileException e) {
            // a dangling link: what it points to does not exist; writing through it is refused below
            throw new OutsideFolder("a link to nothing: " + name);
        } catch (IOException e) {
            throw new OutsideFolder("cannot resolve " + name + ": " + e.getMessage());
        }
        return path;
    }

    public byte[] read(String name) throws IOException {
        return Files.readAllBytes(resolve(name));
    }

    /** Writes atomically (temp file, then rename), so a reader never sees half a file. */
    public void write(String name, byte[] content) throws IOException {
        write(name, content, () -> {});
    }

    /**
     * As above, and {@code beforeReplace} runs once the new bytes are safely in the temp file, just before they
     * replace the old: if it throws (the audit entry of the change could not be written), the old file stays as it
     * was. A disk that fills up mid-write likewise leaves the old file whole.
     */
    public void write(String name, byte[] content, Runnable beforeReplace) throws IOException {
        Path target = resolve(name);
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".tejun-", ".tmp");
        try {
            Files.write(tmp, content);
            keepMode(target, tmp);
            beforeReplace.run();
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The new file gets the mode the file it replaces had (a 0755 script stays executable, a 0640 one stays
     * private), not the temp file's 0600.
     */
    private static void keepMode(Path target, Path tmp) throws IOException {
        if (Files.exists(target) && Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
        }
    }

    public void write(String name, String content) throws IOException {
        write(name, content.getBytes(StandardCharsets.UTF_8));
    }
}
