package dev.tejun.kernel.exec.ansible;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.exec.remote.CellSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The vault and become passwords of one ansible cell ({@code vault-password=credential:NAME},
 * {@code become-password=credential:NAME}, revealed by {@link Credentials}), and the values the vault password
 * opens in the playbook and its folder, which must be masked in everything the run shows. Ansible gets each
 * password as a 0600 file under the workspace's {@code .secrets/}, removed at the end of the run.
 *
 * @param vault       the vault password, or null
 * @param become      the become password, or null
 * @param vaultValues the clear values of the vaulted files and {@code !vault} strings it opens
 */
record RunPasswords(String vault, String become, List<String> vaultValues) {

    /** The cell's passwords; refused when one names no credential or does not open the playbook's vault. */
    static RunPasswords reveal(CmdbStore cmdb, CellSettings s, String playbook, Path playbookDir)
            throws CellSettings.Refused, IOException {
        String vault =
                Credentials.reveal(cmdb, s, "vault-password").map(String::strip).orElse(null);
        String become = Credentials.reveal(cmdb, s, "become-password").orElse(null);
        List<String> opened = vault == null ? List.of() : VaultSecrets.open(vault, playbook, playbookDir);
        return new RunPasswords(vault, become, opened);
    }

    /** What must be masked: the values the vault opens, and the become password. */
    List<String> secretValues() {
        List<String> out = new ArrayList<>(vaultValues);
        if (become != null) {
            out.add(become);
        }
        return out;
    }

    /** Writes the password files into {@code ws} and returns the ansible-playbook arguments that name them. */
    List<String> arguments(Workspace ws) throws IOException {
        List<String> args = new ArrayList<>();
        if (vault != null) {
            args.addAll(List.of(
                    "--vault-password-file",
                    ws.secretFile("vault-password", vault).toString()));
        }
        if (become != null) {
            args.addAll(List.of(
                    "--become-password-file",
                    ws.secretFile("become-password", become).toString()));
        }
        return args;
    }
}
