package io.leadwire.quality;

import java.util.List;

/**
 * What {@link EmailValidator} made of an email.
 *
 * @param normalized the normalized address (see {@link EmailValidator#normalize}), or null if absent
 * @param usable     true if a buyer could mail it: well-formed, not disposable, MX ok if checked
 * @param findings   what is wrong with it, empty when usable
 */
public record EmailCheck(String normalized, boolean usable, List<Finding> findings) {
    public EmailCheck {
        findings = List.copyOf(findings);
    }
}
