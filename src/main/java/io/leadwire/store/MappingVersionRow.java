package io.leadwire.store;

import java.time.Instant;

/**
 * One published, immutable version of a buyer's mapping document (JSON text as imported and
 * exported).
 *
 * @param version     1 for the first publish, then one more for each publish or rollback
 * @param publishedBy the operator who published it (the OS user name for the command line)
 * @param note        why it was published; empty when none was given
 */
public record MappingVersionRow(String buyer, int version, String documentJson, Instant publishedAt,
        String publishedBy, String note) {
}
