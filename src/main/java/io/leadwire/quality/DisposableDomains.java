package io.leadwire.quality;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A set of disposable mailbox domains; a domain matches if it or any parent domain is listed
 * ({@code x.mailinator.com} matches {@code mailinator.com}). Immutable.
 */
public final class DisposableDomains {
    /** The classpath resource with the shipped list; its header says where the list came from. */
    public static final String RESOURCE = "/io/leadwire/quality/disposable-domains.txt";

    private static final DisposableDomains SHIPPED = new DisposableDomains(readShipped());

    private final Set<String> domains;

    private DisposableDomains(Set<String> domains) {
        this.domains = Set.copyOf(domains);
    }

    /** The list shipped with Leadwire. */
    public static DisposableDomains shipped() {
        return SHIPPED;
    }

    /** The shipped list plus {@code extra} domains (any case). */
    public static DisposableDomains shippedPlus(Collection<String> extra) {
        Set<String> all = new HashSet<>(SHIPPED.domains);
        for (String d : extra) {
            all.add(d.strip().toLowerCase(Locale.ROOT));
        }
        return new DisposableDomains(all);
    }

    /** The listed domains (lower case). */
    public Set<String> domains() {
        return domains;
    }

    /** @param asciiDomain a lower-case ASCII domain */
    public boolean contains(String asciiDomain) {
        String d = asciiDomain;
        while (true) {
            if (domains.contains(d)) {
                return true;
            }
            int dot = d.indexOf('.');
            if (dot < 0) {
                return false;
            }
            d = d.substring(dot + 1);
        }
    }

    private static Set<String> readShipped() {
        Set<String> out = new HashSet<>();
        try (InputStream in = DisposableDomains.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String d = line.strip();
                if (!d.isEmpty() && !d.startsWith("#")) {
                    out.add(d.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
