package dev.tejun.cmdb.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SheetDefTest {

    @Test
    void new_badOrReservedNames_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> SheetDef.data("Bad Name", ""));
        assertThrows(IllegalArgumentException.class, () -> SheetDef.data("a_name_longer_than_thirty_one_chars", ""));
        assertThrows(
                IllegalArgumentException.class,
                () -> SheetDef.host("web", "", ColumnDef.of("host", ColumnType.STRING)));
        assertThrows(
                IllegalArgumentException.class,
                () -> SheetDef.data("d", "", ColumnDef.of("a", ColumnType.STRING), ColumnDef.of("a", ColumnType.TEXT)));
        assertThrows(
                IllegalArgumentException.class,
                () -> SheetDef.data("d", "", ColumnDef.of("a", ColumnType.STRING))
                        .withUniqueSet("a", "missing"));
    }

    @Test
    void columnOf_constraintsThatCannotHold_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> ColumnDef.of("e", ColumnType.ENUM));
        assertThrows(IllegalArgumentException.class, () -> ColumnDef.of("r", ColumnType.REFERENCE));
        assertThrows(
                IllegalArgumentException.class,
                () -> ColumnDef.of("p", ColumnType.SECRET).withUnique());
        assertThrows(
                IllegalArgumentException.class,
                () -> ColumnDef.of("n", ColumnType.INTEGER).withRange(5, 1));
        assertThrows(
                IllegalArgumentException.class,
                () -> ColumnDef.of("s", ColumnType.STRING).withPattern("(unclosed"));
    }

    @Test
    void parseGroups_splitsAndTrims() {
        assertEquals(List.of("web", "prod"), HostsSheet.parseGroups(" web, prod ,,web"));
        assertEquals(List.of(), HostsSheet.parseGroups(null));
    }
}
