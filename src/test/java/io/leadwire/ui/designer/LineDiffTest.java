package io.leadwire.ui.designer;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.ui.designer.LineDiff.Kind;
import io.leadwire.ui.designer.LineDiff.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineDiffTest {

    @Test
    void shouldPairChangedLinesAndShowAddedAndRemovedOnesWhenTextsDiffer() {
        List<Row> rows = LineDiff.diff(List.of("a", "b", "c", "d"), List.of("a", "B", "c", "e", "f"));

        assertThat(rows).containsExactly(
                new Row(1, "a", 1, "a", Kind.SAME),
                new Row(2, "b", 2, "B", Kind.CHANGED),
                new Row(3, "c", 3, "c", Kind.SAME),
                new Row(4, "d", 4, "e", Kind.CHANGED),
                new Row(0, "", 5, "f", Kind.ADDED));
    }

    @Test
    void shouldMarkEveryLineSameWhenTextsAreEqual() {
        assertThat(LineDiff.diff(List.of("x", "y"), List.of("x", "y"))).extracting(Row::kind)
                .containsOnly(Kind.SAME);
        assertThat(LineDiff.diff(List.of("x"), List.of())).containsExactly(new Row(1, "x", 0, "", Kind.REMOVED));
    }
}
