package dev.tejun.kernel.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff (longest common subsequence) of two texts: lines only in {@code a} as {@code "- "}, only in {@code b}
 * as {@code "+ "}; common lines are left out. Beyond {@link #MAX_LINES} lines a side it answers one line saying so,
 * so a comparison of huge outputs stays bounded.
 */
final class LineDiff {

    static final int MAX_LINES = 2000;

    private LineDiff() {}

    static List<String> of(String a, String b) {
        if (a.equals(b)) {
            return List.of();
        }
        List<String> x = a.lines().toList();
        List<String> y = b.lines().toList();
        if (x.size() > MAX_LINES || y.size() > MAX_LINES) {
            return List.of("~ outputs differ (" + x.size() + " and " + y.size() + " lines: too long to diff here)");
        }
        int[][] lcs = new int[x.size() + 1][y.size() + 1];
        for (int i = x.size() - 1; i >= 0; i--) {
            for (int j = y.size() - 1; j >= 0; j--) {
                lcs[i][j] = x.get(i).equals(y.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < x.size() || j < y.size()) {
            if (i < x.size() && j < y.size() && x.get(i).equals(y.get(j))) {
                i++;
                j++;
            } else if (i < x.size() && (j == y.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                out.add("- " + x.get(i++)); // what A had comes before what B has instead, as diff -u shows it
            } else {
                out.add("+ " + y.get(j++));
            }
        }
        return out;
    }
}
