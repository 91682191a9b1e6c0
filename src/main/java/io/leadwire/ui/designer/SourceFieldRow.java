package io.leadwire.ui.designer;

import java.util.List;

/**
 * A lead field in the designer's left column.
 *
 * @param name   the canonical field name
 * @param value  its value in the sample lead, or {@code null}
 * @param usedBy the targets whose rules read it
 */
public record SourceFieldRow(String name, String value, List<String> usedBy) {
    public SourceFieldRow {
        usedBy = List.copyOf(usedBy);
    }

    public boolean used() {
        return !usedBy.isEmpty();
    }
}
