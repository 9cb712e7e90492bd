package dev.tejun.cmdb.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.model.CellError;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.SheetDef;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValidatorTest {

    /** A lookup over in-memory facts, so the validator is tested without a database. */
    static final class MemoryLookup implements Validator.Lookup {
        final Map<UniqueKey, Long> owners = new HashMap<>();
        final Set<String> references;

        MemoryLookup(Set<String> references) {
            this.references = references;
        }

        @Override
        public Optional<Long> uniqueOwner(String sheet, UniqueKey key) {
            return Optional.ofNullable(owners.get(key));
        }

        @Override
        public boolean referenceExists(String sheet, String key) {
            return references.contains(sheet + "/" + key);
        }
    }

    static final SheetDef ALL_TYPES = SheetDef.data(
            "things",
            "",
            ColumnDef.of("s", ColumnType.STRING).withMaxLength(5).withPattern("[a-z]*"),
            ColumnDef.of("t", ColumnType.TEXT).withMaxLength(10),
            ColumnDef.of("i", ColumnType.INTEGER).withRange(1, 100),
            ColumnDef.of("d", ColumnType.DECIMAL).withRange(0, 1),
            ColumnDef.of("b", ColumnType.BOOLEAN),
            ColumnDef.of("day", ColumnType.DATE),
            ColumnDef.of("ts", ColumnType.DATETIME),
            ColumnDef.enumOf("e", "red", "green"),
            ColumnDef.reference("ref", "hosts"),
            ColumnDef.of("ip", ColumnType.IP),
            ColumnDef.of("net", ColumnType.CIDR),
            ColumnDef.of("pw", ColumnType.SECRET),
            ColumnDef.of("req", ColumnType.STRING).withRequired().withDefault("x"));

    final MemoryLookup lookup = new MemoryLookup(Set.of("hosts/web1"));

    private List<CellError> errors(String column, Object value) {
        Map<String, Object> values = new HashMap<>();
        values.put(column, value);
        return new Validator(ALL_TYPES, lookup)
                .check("7", RowDraft.data(values), null)
                .errors();
    }

    @ParameterizedTest(name = "{0} refuses {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "s|toolong",
                "s|ABC",
                "s|a\\nb",
                "t|01234567890",
                "i|abc",
                "i|1.5",
                "i|0",
                "i|101",
                "i|99999999999999999999",
                "d|x",
                "d|1.01",
                "d|-0.1",
                "b|yes",
                "b|2",
                "day|2026-13-01",
                "day|31/01/2026",
                "ts|2026-01-31T12:00:00",
                "ts|yesterday",
                "e|blue",
                "e|Red",
                "ref|web2",
                "ip|256.1.1.1",
                "ip|10.0.0",
                "ip|example.com",
                "ip|01.2.3.4",
                "ip|1::2::3",
                "net|10.0.0.0",
                "net|10.0.0.0/33",
                "net|fe80::/129",
                "net|x/8"
            })
    void check_badValue_namesRowAndColumn(String column, String value) {
        List<CellError> errors = errors(column, value.replace("\\n", "\n"));
        assertEquals(1, errors.size(), errors::toString);
        assertEquals(column, errors.getFirst().column());
        assertEquals("7", errors.getFirst().rowRef());
        assertEquals("things", errors.getFirst().sheet());
    }

    @Test
    void check_goodValues_areCanonical() {
        Map<String, Object> values = new HashMap<>(Map.of(
                "s",
                "abc",
                "t",
                "two\nlines",
                "i",
                "42",
                "d",
                0.5,
                "b",
                "TRUE",
                "day",
                "2026-01-31",
                "ts",
                "2026-01-31T12:00:00+09:00",
                "e",
                "red",
                "ref",
                "web1"));
        values.putAll(Map.of("ip", "fe80::1", "net", "10.0.0.0/8", "pw", "hunter2"));
        Validator.Checked checked = new Validator(ALL_TYPES, lookup).check("1", RowDraft.data(values), null);
        assertEquals(List.of(), checked.errors());
        assertEquals(42L, checked.values().get("i"));
        assertEquals(new BigDecimal("0.5"), checked.values().get("d"));
        assertEquals(true, checked.values().get("b"));
        assertEquals(LocalDate.of(2026, 1, 31), checked.values().get("day"));
        assertEquals(Instant.parse("2026-01-31T03:00:00Z"), checked.values().get("ts"));
        assertEquals("x", checked.values().get("req"), "default applied on register");
    }

    @Test
    void check_requiredMissingOnUpdate_isRefused() {
        var errors = new Validator(ALL_TYPES, lookup)
                .check("id=3", RowDraft.data(Map.of()), 3L)
                .errors();
        assertEquals(List.of(new CellError("things", "id=3", "req", "required")), errors);
    }

    @Test
    void check_unknownColumnAndMaskOnRegister_areRefused() {
        var errors = new Validator(ALL_TYPES, lookup)
                .check("2", RowDraft.data(Map.of("nope", 1, "pw", Row.MASK)), null)
                .errors();
        assertEquals(
                List.of("nope", "pw"), errors.stream().map(CellError::column).toList());
    }

    @Test
    void check_uniqueValueOwnedByAnotherRow_isDuplicate() {
        SheetDef sheet =
                SheetDef.data("nets", "", ColumnDef.of("vip", ColumnType.IP).withUnique());
        Validator validator = new Validator(sheet, lookup);
        RowDraft draft = RowDraft.data(Map.of("vip", "10.0.0.1"));
        lookup.owners.put(validator.uniqueKeys(draft, Map.of("vip", "10.0.0.1")).getFirst(), 5L);
        assertEquals(
                "vip", validator.check("9", draft, null).errors().getFirst().column());
        assertTrue(validator.check("id=5", draft, 5L).ok(), "a row does not conflict with itself");
    }

    @Test
    void uniqueKeys_scopeByOperationAndSet() {
        SheetDef sheet = SheetDef.host(
                        "web", "", ColumnDef.of("a", ColumnType.STRING), ColumnDef.of("b", ColumnType.STRING))
                .withUniqueSet("a", "b");
        Validator validator = new Validator(sheet, lookup);
        var plain = validator.uniqueKeys(RowDraft.host("web1", Map.of()), Map.of("a", "x", "b", "y"));
        var op = validator.uniqueKeys(RowDraft.host("web1", "patch", Map.of()), Map.of("a", "x", "b", "y"));
        assertEquals(
                List.of("row", "set:a,b"), plain.stream().map(UniqueKey::name).toList());
        assertTrue(plain.stream().noneMatch(op::contains), "keys of another operation never collide");
        assertEquals(
                1,
                validator
                        .uniqueKeys(RowDraft.host("web1", Map.of()), Map.of("a", "x"))
                        .size(),
                "a set with a missing value claims nothing");
    }

    @Test
    void check_hostSheetKey_isChecked() {
        SheetDef sheet = SheetDef.host("web", "", ColumnDef.of("a", ColumnType.STRING));
        Validator validator = new Validator(sheet, lookup);
        assertEquals(
                "host",
                validator
                        .check("1", RowDraft.data(Map.of()), null)
                        .errors()
                        .getFirst()
                        .column());
        assertEquals(
                "host is not in the hosts sheet",
                validator
                        .check("1", RowDraft.host("web9", Map.of()), null)
                        .errors()
                        .getFirst()
                        .message()
                        .replace("'web9' ", ""));
        assertEquals(
                "operation",
                validator
                        .check("1", RowDraft.host("web1", " x", Map.of()), null)
                        .errors()
                        .getFirst()
                        .column());
        SheetDef data = SheetDef.data("d", "", ColumnDef.of("a", ColumnType.STRING));
        assertEquals(
                "host",
                new Validator(data, lookup)
                        .check("1", RowDraft.host("web1", Map.of()), null)
                        .errors()
                        .getFirst()
                        .column());
    }
}
