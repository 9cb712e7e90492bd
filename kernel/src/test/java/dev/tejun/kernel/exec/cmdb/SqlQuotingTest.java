package dev.tejun.kernel.exec.cmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tejun.kernel.template.Adversarial;
import dev.tejun.kernel.template.Rendered;
import dev.tejun.kernel.template.Slot;
import dev.tejun.kernel.template.Template;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SqlQuotingTest {

    private static Rendered render(String sql, String value, String type) {
        return Template.CELLS.render(sql, r -> Optional.of(new Slot(r, value, type)), SqlQuoting.INSTANCE);
    }

    @Test
    void render_bareReference_becomesABoundParameter() {
        Rendered r = render("SELECT * FROM web WHERE host = ${params.h}", "' OR 1=1 --", "string");
        assertEquals("SELECT * FROM web WHERE host = ?", r.text());
        assertEquals(List.of("' OR 1=1 --"), r.bound());
    }

    @Test
    void render_insideStringLiteral_isConcatenated() {
        Rendered r = render("SELECT 'a''b ${params.h} c' AS x, ${params.h}", "v", "string");
        assertEquals("SELECT 'a''b ' || ? || ' c' AS x, ?", r.text());
        assertEquals(List.of("v", "v"), r.bound());
    }

    @Test
    void render_numberParam_isCastSoItComparesAsANumber() {
        assertEquals(
                "SELECT CAST(? AS INTEGER) + 1",
                render("SELECT ${params.n} + 1", "41", "integer").text());
        assertEquals(
                "SELECT CAST(? AS REAL)",
                render("SELECT ${params.n}", "1.5", "number").text());
    }

    @Test
    void render_inComments_cannotEndThem() {
        assertEquals(
                "SELECT 1 -- note x\n--DROP\nSELECT",
                render("SELECT 1 -- note ${params.h}\nSELECT", "x\nDROP", "string")
                        .text());
        assertEquals(
                "SELECT 1 /* a * / b */",
                render("SELECT 1 /* ${params.h} */", "a */ b", "string").text());
    }

    @Test
    void render_inQuotedName_isEscapedAsPartOfTheName() {
        assertEquals(
                "SELECT \"a\"\"b\" FROM t",
                render("SELECT \"${params.h}\" FROM t", "a\"b", "string").text());
        assertThrows(IllegalArgumentException.class, () -> render("SELECT [${params.h}] FROM t", "a]b", "string"));
    }

    @Test
    void render_raw_isPastedAsSql() {
        Rendered r = render("SELECT ${raw:params.h}", "1 + 1", "string");
        assertEquals("SELECT 1 + 1", r.text());
        assertEquals(List.of(), r.bound());
    }

    @Test
    void render_hostileValues_comeBackExactlyFromSqlite() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            for (String value : Adversarial.values(Path.of("/nonexistent/F"))) {
                Rendered r = render("SELECT ${params.v}, 'x${params.v}y'", value, "string");
                try (PreparedStatement st = c.prepareStatement(r.text())) {
                    for (int i = 0; i < r.bound().size(); i++) {
                        st.setString(i + 1, r.bound().get(i));
                    }
                    try (ResultSet rs = st.executeQuery()) {
                        rs.next();
                        assertEquals(value, rs.getString(1));
                        assertEquals("x" + value + "y", rs.getString(2));
                    }
                }
            }
        }
    }
}
