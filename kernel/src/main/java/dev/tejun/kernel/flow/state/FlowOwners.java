package dev.tejun.kernel.flow.state;

import dev.tejun.cmdb.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Which server drives each unfinished flow instance ({@code flow_instance.owner}), for servers sharing one database:
 * a server takes an instance over by changing its owner from the one it read, so of two servers taking over one
 * instance at once only one does.
 */
public final class FlowOwners {

    private static final String UNFINISHED = "status IN ('running', 'paused', 'interrupted')";

    private final Database db;

    public FlowOwners(Database db) {
        this.db = db;
        db.migrate(FlowStore.SCHEMA);
    }

    /** The owner of every unfinished instance by id; the value is null where none was recorded. */
    public Map<String, String> unfinished() {
        return db.read(c -> {
            Map<String, String> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, owner FROM flow_instance WHERE " + UNFINISHED);
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
            return out;
        });
    }

    /**
     * Makes {@code owner} the owner of instance {@code id} if its owner is still {@code seen} (null for none) and it
     * has not finished; true if it did.
     */
    public boolean claim(String id, String seen, String owner) {
        return db.write(c -> {
                    String same = seen == null ? "owner IS NULL" : "owner = ?";
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE flow_instance SET owner = ? WHERE id = ? AND " + same + " AND " + UNFINISHED)) {
                        ps.setString(1, owner);
                        ps.setString(2, id);
                        if (seen != null) {
                            ps.setString(3, seen);
                        }
                        return ps.executeUpdate();
                    }
                })
                == 1;
    }

    /** Marks {@code ids} (instances {@code owner} already drives) as its own where no owner was recorded yet. */
    public void adopt(Collection<String> ids, String owner) {
        for (String id : ids) {
            claim(id, null, owner);
        }
    }
}
