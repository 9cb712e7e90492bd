package dev.tejun.kernel.exec.cmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QueryTextTest {

    @Test
    void single_keepsOneQueryWithoutItsSemicolon() throws Exception {
        assertEquals("SELECT 1", QueryText.single("  -- why\n/* note; */ SELECT 1;  -- end\n ;"));
        assertEquals(
                "with x as (select ';') select * from x", QueryText.single("with x as (select ';') select * from x"));
        assertEquals("VALUES (1)", QueryText.single("VALUES (1)"));
    }

    @Test
    void single_semicolonsInsideLiteralsAndNamesDoNotSplit() throws Exception {
        String sql = "SELECT 'a;''b', \"c;\", `d;`, [e;] FROM t";
        assertEquals(sql, QueryText.single(sql));
    }

    @Test
    void single_refusesWritesAndOtherStatements() {
        for (String sql : new String[] {
            "insert into t values (1)",
            "PRAGMA query_only=0",
            "ATTACH 'x' AS y",
            "/* SELECT */ DROP TABLE t",
            "EXPLAIN SELECT 1",
            "(SELECT 1)"
        }) {
            QueryText.Refused e = assertThrows(QueryText.Refused.class, () -> QueryText.single(sql), sql);
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        }
    }

    @Test
    void single_refusesSecondStatementEmptyCellAndUnclosedQuote() {
        assertTrue(assertThrows(QueryText.Refused.class, () -> QueryText.single("SELECT 1; SELECT 2"))
                .getMessage()
                .contains("second statement"));
        assertTrue(assertThrows(QueryText.Refused.class, () -> QueryText.single(" -- nothing\n"))
                .getMessage()
                .contains("no query"));
        assertTrue(assertThrows(QueryText.Refused.class, () -> QueryText.single("SELECT 'a; DELETE FROM t"))
                .getMessage()
                .contains("unclosed"));
    }
}
