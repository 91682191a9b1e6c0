package io.leadwire.quality;

/**
 * Answers whether a mail domain can receive mail. Off by default: judging stays a pure, offline
 * computation unless the composition root plugs in a real resolver (e.g. dnsjava, with a cache
 * and a timeout), because a DNS round trip per lead would dominate the judging time.
 */
@FunctionalInterface
public interface MxResolver {
    /**
     * @param asciiDomain the domain in ASCII (punycode) form, lower case
     * @return true if the domain has an MX record (or, per RFC 5321, an A/AAAA fallback)
     */
    boolean acceptsMail(String asciiDomain);
}
