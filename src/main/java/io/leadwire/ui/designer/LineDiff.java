package io.leadwire.ui.designer;

import java.util.ArrayList;
import java.util.List;

/**
 * A side-by-side line diff (longest common subsequence), for payloads of a few hundred lines.
 * Runs of removed lines facing runs of added lines are paired up as changed rows, so a value
 * that changed sits next to its old self.
 */
public final class LineDiff {

    /** How a row differs. */
    public enum Kind { SAME, CHANGED, REMOVED, ADDED }

    /**
     * One row of the side-by-side view.
     *
     * @param leftLine  1-based line number on the left, or 0 when the row has no left line
     * @param left      the left text, or empty
     * @param rightLine 1-based line number on the right, or 0
     * @param right     the right text, or empty
     * @param kind      how the two sides differ
     */
    public record Row(int leftLine, String left, int rightLine, String right, Kind kind) {
    }

    private LineDiff() {
    }

    /** Diffs two texts given as lines. */
    public static List<Row> diff(List<String> left, List<String> right) {
        int n = left.size();
        int m = right.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = left.get(i).equals(right.get(j)) ? lcs[i + 1][j + 1] + 1
                        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Row> rows = new ArrayList<>();
        List<Integer> removed = new ArrayList<>();
        List<Integer> added = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && left.get(i).equals(right.get(j))) {
                flush(left, right, removed, added, rows);
                rows.add(new Row(i + 1, left.get(i), j + 1, right.get(j), Kind.SAME));
                i++;
                j++;
            } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
                added.add(j++);
            } else {
                removed.add(i++);
            }
        }
        flush(left, right, removed, added, rows);
        return rows;
    }

    private static void flush(List<String> left, List<String> right, List<Integer> removed, List<Integer> added,
            List<Row> rows) {
        int pairs = Math.min(removed.size(), added.size());
        for (int k = 0; k < Math.max(removed.size(), added.size()); k++) {
            if (k < pairs) {
                int l = removed.get(k);
                int r = added.get(k);
                rows.add(new Row(l + 1, left.get(l), r + 1, right.get(r), Kind.CHANGED));
            } else if (k < removed.size()) {
                int l = removed.get(k);
                rows.add(new Row(l + 1, left.get(l), 0, "", Kind.REMOVED));
            } else {
                int r = added.get(k);
                rows.add(new Row(0, "", r + 1, right.get(r), Kind.ADDED));
            }
        }
        removed.clear();
        added.clear();
    }
}
