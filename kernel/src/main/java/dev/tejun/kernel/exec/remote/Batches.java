package dev.tejun.kernel.exec.remote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A rolling change: the hosts in batches, as Ansible's {@code serial} list splits them, and when to stop starting
 * new ones. {@code batch=1,25%,100%} is a canary, then a quarter of all the hosts, then the rest — each entry a count
 * or a percentage of all the hosts (rounded down, at least one), the last entry repeated until every host had its
 * turn. {@code max-fail=10%} (or a count, {@code max-fail=2}) stops before the next batch once more than that many
 * of the hosts started so far failed; with {@code batch=} and no {@code max-fail=}, one failure stops it, so a failed
 * canary keeps the change from everyone else. {@code pause-between=30s} waits between batches.
 * {@code approve-after-first-batch=true} holds the run after the first batch until an approver lets it go on.
 *
 * @param sizes         the {@code batch=} entries; empty: one batch of everything, as without batches
 * @param maxFail       the limit, or null for "one failure stops" (only when there are batches)
 * @param pauseBetween  the wait between batches
 * @param approveFirst  whether the first batch is followed by a hold point
 */
public record Batches(List<Size> sizes, Size maxFail, Duration pauseBetween, boolean approveFirst) {

    /** A count, or a percentage of a whole. */
    public record Size(int value, boolean percent) {
        int of(int total) {
            return percent ? (int) Math.floor(total * value / 100.0) : value;
        }

        @Override
        public String toString() {
            return value + (percent ? "%" : "");
        }
    }

    public Batches {
        sizes = List.copyOf(sizes);
    }

    /** Reads {@code batch=}, {@code max-fail=}, {@code pause-between=} and {@code approve-after-first-batch=}. */
    public static Batches read(CellSettings s) throws CellSettings.Refused {
        List<Size> sizes = new ArrayList<>();
        String batch = s.text("batch").orElse(null);
        if (batch != null) {
            for (String entry : batch.split(",")) {
                Size size = size("batch", entry.strip());
                if (size.value() < 1 || (size.percent() && size.value() > 100)) {
                    throw new CellSettings.Refused(
                            "batch=" + batch + ": each entry is 1 or more, a percentage 1%..100%");
                }
                sizes.add(size);
            }
        }
        Size maxFail = s.text("max-fail").isPresent()
                ? size("max-fail", s.text("max-fail").get())
                : null;
        Duration pause = s.duration("pause-between", Duration.ZERO);
        boolean approve = s.flag("approve-after-first-batch");
        if (sizes.isEmpty() && (maxFail != null || !pause.isZero() || approve)) {
            throw new CellSettings.Refused("max-fail=, pause-between= and approve-after-first-batch= need batch=");
        }
        return new Batches(sizes, maxFail, pause, approve);
    }

    private static Size size(String key, String text) throws CellSettings.Refused {
        boolean percent = text.endsWith("%");
        String digits = percent ? text.substring(0, text.length() - 1).strip() : text;
        try {
            int n = Integer.parseInt(digits);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return new Size(n, percent);
        } catch (NumberFormatException e) {
            throw new CellSettings.Refused(key + "=" + text + " is not a count or a percentage (5, 25%)");
        }
    }

    /** Whether {@code batch=} was given. */
    public boolean rolling() {
        return !sizes.isEmpty();
    }

    /** The hosts in batches, in order; one batch of all of them without {@code batch=}. */
    public <T> List<List<T>> split(List<T> items) {
        if (!rolling()) {
            return items.isEmpty() ? List.of() : List.of(List.copyOf(items));
        }
        List<List<T>> out = new ArrayList<>();
        int at = 0;
        int i = 0;
        while (at < items.size()) {
            Size size = sizes.get(Math.min(i++, sizes.size() - 1));
            int n = Math.max(1, size.of(items.size()));
            int end = Math.min(items.size(), at + n);
            out.add(List.copyOf(items.subList(at, end)));
            at = end;
        }
        return out;
    }

    /** Whether {@code failed} of the {@code started} hosts so far is more than the limit allows. */
    public boolean exceeded(int failed, int started) {
        if (!rolling() || failed == 0) {
            return false;
        }
        if (maxFail == null) {
            return true;
        }
        return maxFail.percent() ? failed * 100L > (long) maxFail.value() * started : failed > maxFail.value();
    }

    /**
     * Waits {@code pause-between} before the next batch: null when it passed, else how the cell ends —
     * {@link HostStatuses#STOPPED} when interrupted, {@link HostStatuses#TIMED_OUT} when the wait would pass the
     * cell's {@code deadline} ({@link System#nanoTime()}).
     */
    public String waitBetween(long deadline) {
        if (pauseBetween.isZero()) {
            return null;
        }
        if (System.nanoTime() + pauseBetween.toNanos() > deadline) {
            return HostStatuses.TIMED_OUT;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(pauseBetween.toNanos());
            return null;
        } catch (InterruptedException e) {
            return HostStatuses.STOPPED;
        }
    }

    /** The limit as the user wrote it, for messages. */
    public String limit() {
        return maxFail == null ? "0 (the default with batch=)" : maxFail.toString();
    }
}
