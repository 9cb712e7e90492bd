package dev.tejun.cmdb.model;

import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One typed column of a sheet. Constraints that do not apply to the type are null.
 * Build with {@link #of(String, ColumnType)} and the {@code with…} methods, which return copies.
 *
 * @param name          lower-case identifier ({@code [a-z][a-z0-9_]*}), at most 63 characters
 * @param type          the value type
 * @param required      a value must be present
 * @param unique        no two current rows of the same operation share the value
 * @param description   help text shown to users (Excel description row, grid tooltips)
 * @param maxLength     STRING/TEXT: maximum number of characters
 * @param pattern       STRING: a regular expression the whole value must match
 * @param min           INTEGER/DECIMAL: smallest allowed value
 * @param max           INTEGER/DECIMAL: largest allowed value
 * @param enumValues    ENUM: the allowed values
 * @param referenceSheet REFERENCE: the sheet whose row the value names
 * @param defaultValue  text of the value used on register when none is given (parsed like any input)
 */
public record ColumnDef(
        String name,
        ColumnType type,
        boolean required,
        boolean unique,
        String description,
        Integer maxLength,
        String pattern,
        BigDecimal min,
        BigDecimal max,
        List<String> enumValues,
        String referenceSheet,
        String defaultValue) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    public ColumnDef {
        if (name == null) {
            throw new DefinitionException("name", "a column needs a name");
        }
        if (type == null) {
            throw new DefinitionException("type", "column " + name + " needs a type");
        }
        if (!NAME.matcher(name).matches()) {
            throw new DefinitionException("name", "column name must match [a-z][a-z0-9_]* (max 63): " + name);
        }
        description = description == null ? "" : description;
        enumValues = enumValues == null ? null : List.copyOf(enumValues);
        if (type == ColumnType.ENUM && (enumValues == null || enumValues.isEmpty())) {
            throw new DefinitionException(
                    "enumValues", "ENUM column " + name + " needs enum values (use ColumnDef.enumOf)");
        }
        if (type == ColumnType.REFERENCE && (referenceSheet == null || referenceSheet.isBlank())) {
            throw new DefinitionException(
                    "referenceSheet",
                    "REFERENCE column " + name + " needs a reference sheet (use ColumnDef.reference)");
        }
        if (type == ColumnType.SECRET && unique) {
            throw new DefinitionException("unique", "SECRET column " + name + " cannot be unique");
        }
        if (maxLength != null && maxLength < 1) {
            throw new DefinitionException("maxLength", "maxLength must be positive: " + name);
        }
        if (min != null && max != null && min.compareTo(max) > 0) {
            throw new DefinitionException("max", "min > max in column " + name);
        }
        if (pattern != null) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new DefinitionException("pattern", "bad pattern in column " + name + ": " + e.getDescription());
            }
        }
    }

    /** A column with no constraints; ENUM and REFERENCE columns start from {@link #enumOf} and {@link #reference}. */
    public static ColumnDef of(String name, ColumnType type) {
        return new ColumnDef(name, type, false, false, "", null, null, null, null, null, null, null);
    }

    public static ColumnDef enumOf(String name, String... values) {
        return new ColumnDef(
                name, ColumnType.ENUM, false, false, "", null, null, null, null, List.of(values), null, null);
    }

    /** A REFERENCE column naming a current row of {@code sheet}. */
    public static ColumnDef reference(String name, String sheet) {
        return new ColumnDef(name, ColumnType.REFERENCE, false, false, "", null, null, null, null, null, sheet, null);
    }

    public ColumnDef withRequired() {
        return new ColumnDef(
                name,
                type,
                true,
                unique,
                description,
                maxLength,
                pattern,
                min,
                max,
                enumValues,
                referenceSheet,
                defaultValue);
    }

    public ColumnDef withUnique() {
        return new ColumnDef(
                name,
                type,
                required,
                true,
                description,
                maxLength,
                pattern,
                min,
                max,
                enumValues,
                referenceSheet,
                defaultValue);
    }

    public ColumnDef withDescription(String text) {
        return new ColumnDef(
                name,
                type,
                required,
                unique,
                text,
                maxLength,
                pattern,
                min,
                max,
                enumValues,
                referenceSheet,
                defaultValue);
    }

    public ColumnDef withMaxLength(int length) {
        return new ColumnDef(
                name,
                type,
                required,
                unique,
                description,
                length,
                pattern,
                min,
                max,
                enumValues,
                referenceSheet,
                defaultValue);
    }

    public ColumnDef withPattern(String regex) {
        return new ColumnDef(
                name,
                type,
                required,
                unique,
                description,
                maxLength,
                regex,
                min,
                max,
                enumValues,
                referenceSheet,
                defaultValue);
    }

    public ColumnDef withRange(Number low, Number high) {
        return new ColumnDef(
                name,
                type,
                required,
                unique,
                description,
                maxLength,
                pattern,
                low == null ? null : new BigDecimal(low.toString()),
                high == null ? null : new BigDecimal(high.toString()),
                enumValues,
                referenceSheet,
                defaultValue);
    }

    public ColumnDef withEnumValues(String... values) {
        return new ColumnDef(
                name,
                type,
                required,
                unique,
                description,
                maxLength,
                pattern,
                min,
                max,
                List.of(values),
                referenceSheet,
                defaultValue);
    }

    public ColumnDef withReferenceSheet(String sheet) {
        return new ColumnDef(
                name,
                type,
                required,
                unique,
                description,
                maxLength,
                pattern,
                min,
                max,
                enumValues,
                sheet,
                defaultValue);
    }

    public ColumnDef withDefault(Object value) {
        return new ColumnDef(
                name,
                type,
                required,
                unique,
                description,
                maxLength,
                pattern,
                min,
                max,
                enumValues,
                referenceSheet,
                value == null ? null : value.toString());
    }
}
