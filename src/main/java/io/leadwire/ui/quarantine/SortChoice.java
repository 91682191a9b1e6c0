package io.leadwire.ui.quarantine;

import io.leadwire.store.QuarantineRepository.Sort;

/** The queue's order as the sort box offers it. */
public enum SortChoice {
    OLDEST("Oldest first", Sort.OLDEST_FIRST),
    NEWEST("Newest first", Sort.NEWEST_FIRST),
    LOWEST_SCORE("Lowest score", Sort.LOWEST_SCORE),
    HIGHEST_SCORE("Highest score", Sort.HIGHEST_SCORE),
    VENDOR("Vendor A–Z", Sort.VENDOR);

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
