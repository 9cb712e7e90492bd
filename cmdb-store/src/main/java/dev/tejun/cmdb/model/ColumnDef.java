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
 * @param variable      the IaC variable the column feeds (Ansible host var, Terraform var); the column name when
 *                      not given. Bound explicitly so that no other sheet can change it: a second column taking the
 *                      same variable in the sheets that feed one inventory is refused, never renamed
 * @param label         the name people read (any language, e.g. 日本語) in the grid, Excel headers and reports; the
 *                      column name when not given. Identifiers stay ASCII for SQL, Jinja and {@code ${cmdb…}}
 * @param locked        a value that must not change in operation: only a {@code cmdb-approver} may set or change
 *                      it ({@link Actor#approver}); everybody else is refused, by every interface
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
        String defaultValue,
        String variable,
        String label,
        boolean locked) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    /** What Ansible, Jinja and Terraform accept as a variable name. */
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

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
        variable = variable == null || variable.isBlank() ? name : variable.strip();
        if (!VARIABLE.matcher(variable).matches()) {
            throw new DefinitionException(
                    "variable",
                    "variable of column " + name + " must match [A-Za-z_][A-Za-z0-9_]* (max 63): " + variable);
        }
        label = label == null || label.isBlank() ? name : label.strip();
        if (label.length() > 100) {
            throw new DefinitionException("label", "label of column " + name + " is longer than 100 characters");
        }
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
        return new ColumnDef(name, type, false, false, "", null, null, null, null, null, null, null, null, null, false);
    }

    public static ColumnDef enumOf(String name, String... values) {
        return of(name, ColumnType.STRING).with(b -> {
            b.type = ColumnType.ENUM;
            b.enumValues = List.of(values);
        });
    }

    /** A REFERENCE column naming a current row of {@code sheet}. */
    public static ColumnDef reference(String name, String sheet) {
        return of(name, ColumnType.STRING).with(b -> {
            b.type = ColumnType.REFERENCE;
            b.referenceSheet = sheet;
        });
    }

    public ColumnDef withRequired() {
        return with(b -> b.required = true);
    }

    public ColumnDef withUnique() {
        return with(b -> b.unique = true);
    }

    public ColumnDef withDescription(String text) {
        return with(b -> b.description = text);
    }

    public ColumnDef withMaxLength(int length) {
        return with(b -> b.maxLength = length);
    }

    public ColumnDef withPattern(String regex) {
        return with(b -> b.pattern = regex);
    }

    public ColumnDef withRange(Number low, Number high) {
        return with(b -> {
            b.min = low == null ? null : new BigDecimal(low.toString());
            b.max = high == null ? null : new BigDecimal(high.toString());
        });
    }

    public ColumnDef withEnumValues(String... values) {
        return with(b -> b.enumValues = List.of(values));
    }

    public ColumnDef withReferenceSheet(String sheet) {
        return with(b -> b.referenceSheet = sheet);
    }

    public ColumnDef withDefault(Object value) {
        return with(b -> b.defaultValue = value == null ? null : value.toString());
    }

    /** A copy feeding the IaC variable {@code name} instead of the column's own name. */
    public ColumnDef withVariable(String name) {
        return with(b -> b.variable = name);
    }

    /** A copy whose values only a {@code cmdb-approver} may change. */
    public ColumnDef withLocked(boolean on) {
        return with(b -> b.locked = on);
    }

    /** A copy shown to people as {@code text} (any language). */
    public ColumnDef withLabel(String text) {
        return with(b -> b.label = text);
    }

    /** A copy with some fields changed; the canonical constructor checks the result. */
    private ColumnDef with(java.util.function.Consumer<Copy> change) {
        Copy b = new Copy(this);
        change.accept(b);
        return new ColumnDef(
                b.name,
                b.type,
                b.required,
                b.unique,
                b.description,
                b.maxLength,
                b.pattern,
                b.min,
                b.max,
                b.enumValues,
                b.referenceSheet,
                b.defaultValue,
                b.variable,
                b.label,
                b.locked);
    }

    /** The mutable fields of one copy; only {@link #with} sees it. */
    private static final class Copy {
        String name;
        ColumnType type;
        boolean required;
        boolean unique;
        String description;
        Integer maxLength;
        String pattern;
        BigDecimal min;
        BigDecimal max;
        List<String> enumValues;
        String referenceSheet;
        String defaultValue;
        String variable;
        String label;
        boolean locked;

        Copy(ColumnDef c) {
            name = c.name;
            type = c.type;
            required = c.required;
            unique = c.unique;
            description = c.description;
            maxLength = c.maxLength;
            pattern = c.pattern;
            min = c.min;
            max = c.max;
            enumValues = c.enumValues;
            referenceSheet = c.referenceSheet;
            defaultValue = c.defaultValue;
            // a variable that only mirrored the name follows a renamed column; an explicit one stays
            variable = c.variable.equals(c.name) ? null : c.variable;
            label = c.label.equals(c.name) ? null : c.label;
            locked = c.locked;
        }
    }
}
