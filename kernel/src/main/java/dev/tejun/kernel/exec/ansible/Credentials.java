package dev.tejun.kernel.exec.ansible;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.exec.remote.CellSettings;
import dev.tejun.kernel.exec.remote.NamedCredentials;
import java.util.Optional;

/**
 * A password an ansible cell names instead of holding it ({@code vault-password=credential:NAME},
 * {@code become-password=credential:NAME}), revealed from the CMDB for that cell alone ({@link NamedCredentials}).
 */
final class Credentials {

    static final String PREFIX = NamedCredentials.PREFIX;

    private Credentials() {}

    /** The clear value, or empty when the cell does not have the attribute; refused when it names nothing. */
    static Optional<String> reveal(CmdbStore cmdb, CellSettings s, String attribute) throws CellSettings.Refused {
        Optional<String> value = s.text(attribute);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String text = attribute + "=" + value.get();
        if (!value.get().startsWith(PREFIX)) {
            throw new CellSettings.Refused(
                    text + ": name a credential (" + attribute + "=credential:NAME), " + "never the password itself");
        }
        try {
            return Optional.of(NamedCredentials.reveal(
                    cmdb, value.get().substring(PREFIX.length()).strip()));
        } catch (IllegalArgumentException e) {
            throw new CellSettings.Refused(text + ": " + e.getMessage());
        }
    }
}
