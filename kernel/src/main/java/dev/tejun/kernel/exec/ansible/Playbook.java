package dev.tejun.kernel.exec.ansible;

import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.remote.CellSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The playbook an ansible cell runs: its text and the folder it runs in ({@link ProjectFolder}; null for an inline
 * cell without {@code dir=}), its file name there (null when inline), that folder's {@code ansible.cfg} (empty when
 * none). {@code playbook=} and {@code dir=} name a file or folder inside the runbooks folder, never outside it.
 */
record Playbook(String text, Path dir, String file, AnsibleConfig config) {

    /** The cell's own text, or the file {@code playbook=} names, or its text in the folder {@code dir=} names. */
    static Playbook of(CellRequest request, CellSettings s, Path runbooksDir) throws CellSettings.Refused, IOException {
        String path = s.text("playbook").orElse(null);
        String dirName = s.text("dir").orElse(null);
        if (path == null && dirName == null) {
            return new Playbook(request.code(), null, null, AnsibleConfig.empty());
        }
        String attribute = path != null ? "playbook=" + path : "dir=" + dirName;
        if (path != null && dirName != null) {
            throw new CellSettings.Refused("playbook= and dir= together: the playbook's folder is its own folder");
        }
        if (runbooksDir == null) {
            throw new CellSettings.Refused(attribute + ": this server has no runbooks folder to look in");
        }
        Path base = runbooksDir.toRealPath();
        Path named = base.resolve(path != null ? path : dirName).normalize();
        if (path != null && (!Files.isRegularFile(named) || !named.toRealPath().startsWith(base))) {
            throw new CellSettings.Refused(attribute + " is not a file in the runbooks folder");
        }
        if (path == null && (!Files.isDirectory(named) || !named.toRealPath().startsWith(base))) {
            throw new CellSettings.Refused(attribute + " is not a folder in the runbooks folder");
        }
        Path dir = path != null ? named.toRealPath().getParent() : named.toRealPath();
        Path cfg = dir.resolve("ansible.cfg");
        AnsibleConfig config = Files.isRegularFile(cfg)
                ? AnsibleConfig.read(cfg, base.relativize(cfg).toString())
                : AnsibleConfig.empty();
        return path != null
                ? new Playbook(
                        Files.readString(named),
                        dir,
                        named.toRealPath().getFileName().toString(),
                        config)
                : new Playbook(request.code(), dir, null, config);
    }
}
