import java.util.ArrayList;
import java.util.List;

/** The first table of RESULTS.md: each goal with the figure measured, and each comparison as a ratio. */
final class Summary {

    private final List<String> rows = new ArrayList<>();

    /** A figure against a goal: at most {@code limit} when {@code atMost}, else at least. */
    void goal(String figure, double value, double limit, boolean atMost) {
        boolean met = atMost ? value <= limit : value >= limit;
        rows.add("| " + figure + " | " + fmt(value) + " | | | " + (atMost ? "<= " : ">= ") + fmt(limit) + " | "
                + (met ? "yes" : "**no**") + " |");
    }

    /** Tejun beside the other side; the ratio is Tejun / other. */
    void versus(String figure, double tejun, double other, String goal) {
        String ratio = Stats.ratio(tejun, other);
        String met = goal.isEmpty() ? "" : (tejun <= other ? "yes" : "**no**");
        rows.add("| " + figure + " | " + fmt(tejun) + " | " + fmt(other) + " | " + ratio + " | " + goal + " | " + met + " |");
    }

    void info(String figure, double value) {
        rows.add("| " + figure + " | " + fmt(value) + " | | | | |");
    }

    List<String> lines() {
        List<String> md = new ArrayList<>();
        md.add("## Summary");
        md.add("");
        md.add("| figure | Tejun | other side | ratio | goal | met |");
        md.add("|---|---|---|---|---|---|");
        md.addAll(rows);
        md.add("");
        md.add("Details of each below; CMDB and fan-out figures in their own sections at the end.");
        md.add("");
        return md;
    }

    private static String fmt(double v) {
        return Math.abs(v) >= 100 || v == Math.rint(v) ? String.format("%.0f", v) : String.format("%.2f", v);
    }
}
