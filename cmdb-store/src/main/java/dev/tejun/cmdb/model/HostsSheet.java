package dev.tejun.cmdb.model;

import java.util.Arrays;
import java.util.List;

/**
 * The built-in {@code hosts} sheet: the inventory every other HOST sheet hangs from. Its row key {@code host}
 * is the host name; a row of any other HOST sheet must name a current host of this sheet.
 */
public final class HostsSheet {

    public static final String NAME = "hosts";
    public static final String ADDRESS = "address";
    public static final String SSH_PORT = "ssh_port";
    public static final String USER = "user";
    public static final String CREDENTIAL = "credential";
    public static final String GROUPS = "groups";
    /**
     * Optional: the bastion(s) a host is reached through, comma-separated CMDB host names, nearest to Tejun first
     * (OpenSSH's {@code ProxyJump} order). Not required of a redefinition, so data folders made before it still
     * load; it is a host variable like any added column, read by the ssh and ansible cells.
     */
    public static final String JUMP = "jump";

    /** Host name or IPv4/IPv6 literal; DNS is not consulted. */
    static final String ADDRESS_PATTERN = "[A-Za-z0-9][A-Za-z0-9.\\-]*|[0-9A-Fa-f:.]+(%[A-Za-z0-9]+)?";
    /** Comma-separated group names. */
    static final String GROUPS_PATTERN = "\\s*[A-Za-z_][A-Za-z0-9_\\-]*(\\s*,\\s*[A-Za-z_][A-Za-z0-9_\\-]*)*\\s*";

    /** Comma-separated host names, as a host row's key allows them. */
    static final String JUMP_PATTERN = "\\s*[A-Za-z0-9][A-Za-z0-9._\\-]*(\\s*,\\s*[A-Za-z0-9][A-Za-z0-9._\\-]*)*\\s*";

    private HostsSheet() {}

    public static SheetDef definition() {
        return SheetDef.host(
                NAME,
                "Hosts: how to reach each host and which groups it belongs to",
                ColumnDef.of(ADDRESS, ColumnType.STRING)
                        .withPattern(ADDRESS_PATTERN)
                        .withMaxLength(255)
                        .withDescription("IP address or DNS name to connect to (defaults to the host name)"),
                ColumnDef.of(SSH_PORT, ColumnType.INTEGER)
                        .withRange(1, 65535)
                        .withDefault(22L)
                        .withDescription("SSH port"),
                ColumnDef.of(USER, ColumnType.STRING).withMaxLength(64).withDescription("Login user"),
                ColumnDef.of(CREDENTIAL, ColumnType.SECRET)
                        .withDescription("Password or private key (encrypted at rest, never shown)"),
                ColumnDef.of(GROUPS, ColumnType.STRING)
                        .withPattern(GROUPS_PATTERN)
                        .withDescription("Comma-separated inventory groups, e.g. web,prod"),
                ColumnDef.of(JUMP, ColumnType.STRING)
                        .withPattern(JUMP_PATTERN)
                        .withMaxLength(255)
                        .withDescription("Bastion host(s) to connect through, CMDB host names, nearest first"));
    }

    /** The built-in columns a redefinition of the sheet must keep with the same types ({@link #JUMP} is optional). */
    public static List<ColumnDef> builtInColumns() {
        return definition().columns().stream()
                .filter(c -> !c.name().equals(JUMP))
                .toList();
    }

    /** Whether {@code column} is one of the built-in columns (the host's connection, not a variable). */
    public static boolean isBuiltIn(String column) {
        return switch (column) {
            case ADDRESS, SSH_PORT, USER, CREDENTIAL, GROUPS -> true;
            default -> false;
        };
    }

    /** Splits a groups value into trimmed, non-empty names. */
    public static List<String> parseGroups(Object value) {
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.toString().split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .distinct()
                .toList();
    }
}
