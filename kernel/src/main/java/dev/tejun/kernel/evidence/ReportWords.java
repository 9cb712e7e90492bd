package dev.tejun.kernel.evidence;

import dev.tejun.kernel.event.FailureForms;
import dev.tejun.kernel.event.HostSummaryForms;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.stream.Collectors;

/**
 * The words of the evidence reports (HTML and Markdown) in one language (English or Japanese, from {@code report-words_LANG
 * .properties} beside this class): the report is read on the run page in the reader's language. What comes from the
 * evidence (statuses, ids, parameters, output) is shown as recorded.
 */
public final class ReportWords {

    public static final ReportWords ENGLISH = of("en");

    private final ResourceBundle bundle;

    private ReportWords(ResourceBundle bundle) {
        this.bundle = bundle;
    }

    /** The words in {@code language} ({@code ja} or {@code en}; any other: English). */
    public static ReportWords of(String language) {
        String lang = "ja".equalsIgnoreCase(language) ? "ja" : "en";
        return new ReportWords(ResourceBundle.getBundle(
                "dev.tejun.kernel.evidence.report-words",
                Locale.of(lang),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)));
    }

    /** The report's language, for {@code <html lang>}. */
    public String language() {
        return bundle.getString("lang");
    }

    /**
     * How a cell or run ended ({@code message}, recorded in English) in this language: a message of a known form
     * ({@link FailureForms}) from its {@code outcome.CODE} words with {@code {name}} filled; any other as recorded.
     */
    public String outcome(String message) {
        Optional<HostSummaryForms.Summary> hosts = HostSummaryForms.match(message);
        if (hosts.isPresent()) {
            return hosts(hosts.get());
        }
        Optional<HostSummaryForms.Recap> recap = HostSummaryForms.recap(message);
        if (recap.isPresent()) {
            return recap(recap.get());
        }
        Optional<HostSummaryForms.PlaybookExit> exit = HostSummaryForms.playbookExit(message);
        if (exit.isPresent()) {
            String code = exit.get().code();
            return exit.get().hosts().isEmpty()
                    ? get("outcome.hosts.playbook-exit").replace("{code}", code)
                    : get("outcome.hosts.playbook-exit-bad")
                            .replace("{code}", code)
                            .replace("{hosts}", list(exit.get().hosts(), "outcome.hosts.host", "{host}"));
        }
        return FailureForms.match(message)
                .map(m -> {
                    String text = get(m.code());
                    for (Map.Entry<String, String> arg : m.args().entrySet()) {
                        text = text.replace("{" + arg.getKey() + "}", arg.getValue());
                    }
                    return text;
                })
                .orElse(message);
    }

    /** A fan-out cell's ending: its hosts counted by state, then those that did not end well. */
    private String hosts(HostSummaryForms.Summary summary) {
        if (summary.counts().isEmpty()) {
            return get("outcome.hosts.none");
        }
        String counts = list(summary.counts(), "outcome.hosts.count", "{count}");
        if (summary.hosts().isEmpty()) {
            return counts;
        }
        return get("outcome.hosts.summary-bad")
                .replace("{counts}", counts)
                .replace("{hosts}", list(summary.hosts(), "outcome.hosts.host", "{host}"));
    }

    /** An ansible cell's ending: its hosts, then Ansible's recap counts summed over them. */
    private String recap(HostSummaryForms.Recap recap) {
        String text = get(recap.hosts() == 1 ? "outcome.hosts.recap-one" : "outcome.hosts.recap")
                .replace("{count}", String.valueOf(recap.hosts()));
        for (Map.Entry<String, Long> count : recap.counts().entrySet()) {
            text = text.replace("{" + count.getKey() + "}", String.valueOf(count.getValue()));
        }
        return text;
    }

    private String list(List<HostSummaryForms.Item> items, String key, String slot) {
        return items.stream()
                .map(i -> get(key).replace("{state}", get("host-state." + i.key()))
                        .replace(slot, i.value()))
                .collect(Collectors.joining(get("outcome.hosts.join")));
    }

    /** The word for {@code key}; a key missing from the catalogue is a bug ({@code ReportWordsTest}). */
    public String get(String key) {
        return bundle.getString(key);
    }
}
