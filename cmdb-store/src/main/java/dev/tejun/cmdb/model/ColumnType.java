package dev.tejun.cmdb.model;

/**
 * The type of a sheet column. Each type has one canonical Java value type in {@link Row#values()}:
 * <ul>
 *   <li>{@code STRING, TEXT, ENUM, IP, CIDR, SECRET} → {@link String}</li>
 *   <li>{@code INTEGER} → {@link Long}; {@code DECIMAL} → {@link java.math.BigDecimal}</li>
 *   <li>{@code BOOLEAN} → {@link Boolean}</li>
 *   <li>{@code DATE} → {@link java.time.LocalDate}; {@code DATETIME} → {@link java.time.Instant}</li>
 *   <li>{@code REFERENCE} → {@link String}: the key of a current row of {@link ColumnDef#referenceSheet()} —
 *       the host name when that sheet is a {@link SheetKind#HOST} sheet, else the row id in decimal.</li>
 *   <li>{@code LIST} → an unmodifiable {@link java.util.List}, {@code MAP} → an unmodifiable {@link java.util.Map}
 *       (key order kept): JSON arrays and objects of strings, Longs, BigDecimals, Booleans, nulls, lists and maps.
 *       Ansible gets them as YAML lists and dicts, Terraform as JSON.</li>
 * </ul>
 */
public enum ColumnType {
    STRING,
    TEXT,
    INTEGER,
    DECIMAL,
    BOOLEAN,
    DATE,
    DATETIME,
    ENUM,
    REFERENCE,
    IP,
    CIDR,
    SECRET,
    LIST,
    MAP
}
