package dev.tejun.kernel.exec.remote;

import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.HostsSheet;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowQuery;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import java.util.List;
import java.util.Optional;

/**
 * A secret named instead of written down ({@code credential:NAME}), revealed from the CMDB at the moment it is used:
 * <ul>
 *   <li>the row named NAME of the DATA sheet {@code credentials} (a {@code name} column and one SECRET column);
 *   <li>else the {@code credential} of the host NAME in a hosts sheet (a host's own login password).
 * </ul>
 * Ansible's vault and become passwords and the Git remote's token or key are found this one way.
 */
public final class NamedCredentials {

    public static final String SHEET = "credentials";
    public static final String PREFIX = "credential:";

    private NamedCredentials() {}

    /**
     * The clear value of credential {@code name}.
     *
     * @throws IllegalArgumentException naming what is missing: no such row or host, or one without a value
     */
    public static String reveal(CmdbStore cmdb, String name) {
        Optional<SheetDef> sheet = cmdb.sheet(SHEET).filter(d -> !d.hostKind());
        if (sheet.isPresent()) {
            List<ColumnDef> secret = sheet.get().columns().stream()
                    .filter(c -> c.type() == ColumnType.SECRET)
                    .toList();
            for (Row row : cmdb.list(SHEET, RowQuery.active())) {
                if (secret.size() == 1 && name.equals(String.valueOf(row.value("name")))) {
                    return cmdb.revealSecret(SHEET, row.id(), secret.getFirst().name(), null)
                            .orElseThrow(() -> new IllegalArgumentException("the credential has no value"));
                }
            }
        }
        for (SheetDef hosts : cmdb.sheets()) {
            if (!hosts.hostKind() || hosts.column(HostsSheet.CREDENTIAL).isEmpty()) {
                continue;
            }
            Optional<Row> row = cmdb.hostRow(hosts.name(), name);
            if (row.isPresent()) {
                return cmdb.revealSecret(hosts.name(), row.get().id(), HostsSheet.CREDENTIAL, null)
                        .orElseThrow(() -> new IllegalArgumentException("host " + name + " has no credential"));
            }
        }
        throw new IllegalArgumentException("no row " + name + " in the CMDB sheet " + SHEET
                + " (columns name and one SECRET column) and no host of that name");
    }
}
