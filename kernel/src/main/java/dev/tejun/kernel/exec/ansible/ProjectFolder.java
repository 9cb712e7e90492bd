package dev.tejun.kernel.exec.ansible;

import dev.tejun.kernel.exec.remote.CellSettings;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The folder a playbook lives in ({@code playbook=PATH}, or {@code dir=} for an inline playbook), copied into the
 * cell's workspace so that Ansible runs it as {@code ansible-playbook} run there would: {@code templates/},
 * {@code files/}, {@code tasks/}, {@code vars/}, {@code roles/}, {@code filter_plugins/}, {@code library/},
 * {@code group_vars/} and {@code host_vars/} beside the playbook work, and its {@code ansible.cfg} is honoured.
 *
 * <p>A copy rather than the folder itself: the cell runs sandboxed, where the runbooks folder may be out of its
 * reach (it may sit in the data folder), and a copy is what the run was given, kept in its evidence. Hidden
 * folders ({@code .git}) are left out; a link is followed only when it stays inside the folder, so a playbook
 * folder cannot hand the cell a file of the server's. The size is capped: a playbook folder is small, and a
 * {@code playbook=} at the top of a large repository should be moved into a folder of its own.
 */
final class ProjectFolder {

    static final long MAX_BYTES = 32L << 20;
    static final int MAX_FILES = 5_000;

    private ProjectFolder() {}

    /**
     * Copies {@code from} into {@code to} (which must not exist).
     *
     * @return notes for the cell's output: what was left out and why
     * @throws CellSettings.Refused when the folder is larger than the cap
     */
    static List<String> copy(Path from, Path to) throws IOException, CellSettings.Refused {
        Path base = from.toRealPath();
        List<String> notes = new ArrayList<>();
        long[] bytes = {0};
        int[] files = {0};
        List<Path[]> pairs = new ArrayList<>();
        Files.walkFileTree(base, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(base) && dir.getFileName().toString().startsWith(".")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path source = file;
                if (attrs.isSymbolicLink()) {
                    Path real;
                    try {
                        real = file.toRealPath();
                    } catch (IOException e) {
                        notes.add(base.relativize(file) + " is a broken link: left out");
                        return FileVisitResult.CONTINUE;
                    }
                    if (!real.startsWith(base)) {
                        notes.add(base.relativize(file) + " links outside the playbook's folder: left out");
                        return FileVisitResult.CONTINUE;
                    }
                    if (!Files.isRegularFile(real)) {
                        notes.add(base.relativize(file) + " links to a folder: left out (copy it in instead)");
                        return FileVisitResult.CONTINUE;
                    }
                    source = real;
                } else if (!attrs.isRegularFile()) {
                    return FileVisitResult.CONTINUE;
                }
                bytes[0] += Files.size(source);
                files[0]++;
                pairs.add(new Path[] {source, to.resolve(base.relativize(file).toString())});
                return FileVisitResult.CONTINUE;
            }
        });
        if (bytes[0] > MAX_BYTES || files[0] > MAX_FILES) {
            throw new CellSettings.Refused("the playbook's folder " + from + " holds " + files[0] + " files, "
                    + (bytes[0] >> 20) + " MiB: more than a playbook folder (" + MAX_FILES + " files, "
                    + (MAX_BYTES >> 20) + " MiB); give the playbook a folder of its own");
        }
        Files.createDirectories(to);
        for (Path[] pair : pairs) {
            Files.createDirectories(pair[1].getParent());
            Files.copy(pair[0], pair[1], LinkOption.NOFOLLOW_LINKS);
        }
        return notes;
    }
}
