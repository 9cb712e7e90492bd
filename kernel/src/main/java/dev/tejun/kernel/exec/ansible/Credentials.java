package dev.tejun.kernel.exec.ansible;

import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.HostsSheet;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowQuery;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.exec.remote.CellSettings;
import java.util.List;
import java.util.Optional;

/**
 * A password an ansible cell names instead of holding it ({@code vault-password=credential:NAME},
 * {@code become-password=credential:NAME}), revealed from the CMDB for that cell alone:
 * <ul>
 *   <li>the row named NAME of the DATA sheet {@code credentials} (a {@code name} column and one SECRET column);
 *   <li>else the {@code credential} of the host NAME in a hosts sheet (a host's own login password, for
 *       {@code become} on a host that logs in with its sudo password).
 * </ul>
 */
final class Credentials {

    static final String SHEET = "credentials";
    static final String PREFIX = "credential:";

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
        String name = value.get().substring(PREFIX.length()).strip();
        Optional<SheetDef> sheet = cmdb.sheet(SHEET).filter(d -> !d.hostKind());
        if (sheet.isPresent()) {
            List<ColumnDef> secret = sheet.get().columns().stream()
                    .filter(c -> c.type() == ColumnType.SECRET)
                    .toList();
            for (Row row : cmdb.list(SHEET, RowQuery.active())) {
                if (secret.size() == 1 && name.equals(String.valueOf(row.value("name")))) {
                    return Optional.of(cmdb.revealSecret(
                                    SHEET, row.id(), secret.getFirst().name())
                            .orElseThrow(() -> new CellSettings.Refused(text + ": the credential has no value")));
                }
            }
        }
        for (SheetDef hosts : cmdb.sheets()) {
            if (!hosts.hostKind() || hosts.column(HostsSheet.CREDENTIAL).isEmpty()) {
                continue;
            }
            Optional<Row> row = cmdb.hostRow(hosts.name(), name);
            if (row.isPresent()) {
                return Optional.of(cmdb.revealSecret(hosts.name(), row.get().id(), HostsSheet.CREDENTIAL)
                        .orElseThrow(() -> new CellSettings.Refused(text + ": host " + name + " has no credential")));
            }
        }
        throw new CellSettings.Refused(text + ": no row " + name + " in the CMDB sheet " + SHEET
                + " (columns name and one SECRET column) and no host of that name");
    }
}
