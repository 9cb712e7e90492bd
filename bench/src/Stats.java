import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Order statistics of one figure: median, p90, p99 and the spread (min–max) of the samples. */
record Stats(int n, double p50, double p90, double p99, double min, double max) {

    static Stats of(List<Double> values) {
        if (values.isEmpty()) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        return new Stats(s.size(), pct(s, 50), pct(s, 90), pct(s, 99), s.getFirst(), s.getLast());
    }

    /** Nearest-rank percentile of sorted values. */
    static double pct(List<Double> sorted, int pct) {
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(pct / 100.0 * sorted.size()) - 1)));
    }

    /** Table cells: n | median | p90 | p99 | min–max, with the given number of decimals. */
    String cells(int decimals) {
        String f = "%." + decimals + "f";
        return n + " | " + String.format(f, p50) + " | " + String.format(f, p90) + " | " + String.format(f, p99)
                + " | " + String.format(f, min) + "–" + String.format(f, max);
    }

    static final String HEADER = "| n | median | p90 | p99 | spread (min–max) |";

    static String ratio(double a, double b) {
        return b == 0 || Double.isNaN(a) || Double.isNaN(b) ? "–" : String.format("%.2f", a / b);
    }
}
