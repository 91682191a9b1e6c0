package io.leadwire.store;

/**
 * What the quality figures count of one decided lead besides its status and whether it is a duplicate.
 *
 * @param invalidEmail the email is present but unusable (bad syntax, disposable, no MX)
 * @param invalidPhone the phone is present but not a valid number
 * @param geoMismatch  the IP address's country differs from the stated country
 * @param score        the quality score 0-100, or null when the lead could not be scored
 */
public record QualityMarks(boolean invalidEmail, boolean invalidPhone, boolean geoMismatch, Integer score) {
    /** Nothing to count but the decision (e.g. judging failed). */
    public static final QualityMarks NONE = new QualityMarks(false, false, false, null);

    public QualityMarks {
        if (score != null && (score < 0 || score > 100)) {
            throw new IllegalArgumentException("score must be 0-100: " + score);
        }
    }
}
