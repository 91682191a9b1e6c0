package io.leadwire.ui.deadletter;

import io.leadwire.store.DeadLetterRepository.Sort;

/** The table's order as the sort box offers it. */
public enum SortChoice {
    NEWEST("Newest first", Sort.NEWEST_FIRST),
    OLDEST("Oldest first", Sort.OLDEST_FIRST);

    private final String label;
    private final Sort sort;

    SortChoice(String label, Sort sort) {
        this.label = label;
        this.sort = sort;
    }

    public Sort sort() {
        return sort;
    }

    @Override
    public String toString() {
        return label;
    }
}
