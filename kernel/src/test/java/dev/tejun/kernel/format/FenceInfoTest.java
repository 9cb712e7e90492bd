package dev.tejun.kernel.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.runbook.Attributes;
import dev.tejun.kernel.runbook.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FenceInfoTest {

    private final List<Problem> problems = new ArrayList<>();

    private FenceInfo parse(String info) {
        return FenceInfo.parse(info, 7, problems);
    }

    @Test
    void parse_languageOnly_hasNoAttributes() {
        assertEquals(new FenceInfo("sh", Attributes.NONE), parse("sh"));
        assertEquals(new FenceInfo("", Attributes.NONE), parse(""));
        assertEquals(List.of(), problems);
    }

    @Test
    void parse_pandocAttributes_readsIdClassesAndValues() {
        FenceInfo info = parse("sh {#disk .freeze timeout=60 user=\"deploy bot\" cwd='/a b' k=}");

        assertEquals("sh", info.language());
        assertEquals("disk", info.attributes().id());
        assertEquals(List.of("freeze"), info.attributes().classes());
        assertEquals(
                Map.of("timeout", "60", "user", "deploy bot", "cwd", "/a b", "k", ""),
                info.attributes().values());
        assertEquals(
                List.of("timeout", "user", "cwd", "k"),
                List.copyOf(info.attributes().values().keySet()));
        assertEquals(List.of(), problems);
    }

    @Test
    void parse_attributesWithoutSpaceOrBraces_areRead() {
        assertEquals("a", parse("sh{#a}").attributes().id());
        assertEquals("5", parse("sh timeout=5").attributes().values().get("timeout"));
        assertEquals(List.of(), problems);
    }

    @Test
    void parse_referenceInBareValue_doesNotCloseTheBlock() {
        FenceInfo info = parse("ansible {#patch hosts=web check=${params.dry_run} limit=${cells.a.out}x}");

        assertEquals("${params.dry_run}", info.attributes().values().get("check"));
        assertEquals("${cells.a.out}x", info.attributes().values().get("limit"));
        assertEquals(List.of(), problems);
    }

    @Test
    void parse_escapesInQuotes_onlyQuoteAndBackslash() {
        FenceInfo info = parse("sh {a=\"say \\\"hi\\\"\" b=\"C:\\tmp\" c='single \"q\"'}");

        assertEquals("say \"hi\"", info.attributes().values().get("a"));
        assertEquals("C:\\tmp", info.attributes().values().get("b"));
        assertEquals("single \"q\"", info.attributes().values().get("c"));
    }

    @Test
    void parse_bareWord_isAFlag() {
        Attributes attributes = parse("sh {continue-on-error}").attributes();

        assertTrue(attributes.flag("continue-on-error"));
    }

    @Test
    void parse_slips_areWarningsOnTheFenceLine() {
        parse("sh {#a #b x=1 x=2");

        assertEquals(
                List.of(
                        Problem.warning(7, "a second #id is ignored: #b"),
                        Problem.warning(7, "attribute x is given twice; the last one counts"),
                        Problem.warning(7, "attributes are missing their closing '}'")),
                problems);
    }

    @Test
    void parse_textAfterBlock_isAWarning() {
        FenceInfo info = parse("sh {#a} trailing");

        assertEquals("a", info.attributes().id());
        assertEquals(List.of(Problem.warning(7, "text after the attributes is ignored: trailing")), problems);
    }

    @Test
    void parse_runmeJson_nameIsTheIdAndTheRestWarnedOnce() {
        List<Problem> problems = new ArrayList<>();

        FenceInfo info = FenceInfo.parse(
                "sh {\"name\":\"list-pods\",\"cwd\":\"sub dir\",\"interactive\":\"false\",\"background\":false}",
                4,
                problems);

        assertEquals("sh", info.language());
        assertEquals("list-pods", info.attributes().id());
        assertEquals(Map.of("cwd", "sub dir"), info.attributes().values());
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.getFirst().message().endsWith("ignored: interactive, background"), problems.toString());
    }

    @Test
    void parse_runmeBraces_nameIsTheId() {
        List<Problem> problems = new ArrayList<>();

        FenceInfo info = FenceInfo.parse("bash { name=setup interactive=false }", 1, problems);

        assertEquals("setup", info.attributes().id());
        assertEquals(Map.of(), info.attributes().values());
        assertEquals(1, problems.size(), problems.toString());
    }

    @Test
    void ofFenceLine_stripsIndentAndFence() {
        assertEquals(
                "a",
                FenceInfo.ofFenceLine("  ~~~~ bash {#a}", 1, problems)
                        .attributes()
                        .id());
        assertEquals(
                "bash", FenceInfo.ofFenceLine("  ~~~~ bash {#a}", 1, problems).language());
    }
}
