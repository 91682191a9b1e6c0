package io.leadwire.bench;

import io.leadwire.app.DemoLeads;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Complete HTTP requests carrying realistic leads from the engine's own {@link DemoLeads}. A pool
 * of lead bodies is made once, with a placeholder where the lead id goes; each request splices
 * in a fresh, run-unique lead id, so building one costs a few microseconds, not a regex pass.
 */
final class LeadRequests {
    private static final String PLACEHOLDER = "LWBENCHLEADID";

    private final byte[] head;
    private final byte[][] prefixes;
    private final byte[][] suffixes;
    private final boolean[] good;
    private final boolean[] hasIdSlot;
    /** Makes each body afresh from its lead id (then the pool is one placeholder entry), or null. */
    private final java.util.function.Function<String, String> bodyFor;

    /**
     * @param badPercent share of the pool made of {@link DemoLeads#bad} bodies (some of them the
     *                   intake refuses with 400; the rest are stored and acknowledged)
     */
    LeadRequests(int port, String apiKey, long seed, int poolSize, int badPercent) {
        this(port, apiKey, seed, poolSize, badPercent, null);
    }

    /**
     * Requests whose bodies are made per lead by {@code bodyFor} (lead id → JSON body), for runs
     * that need every lead to be a different person: the quality stage's de-duplication (e-mail,
     * phone) would otherwise hold the repeats of a pool for review, and they would never reach a
     * buyer.
     */
    static LeadRequests perLead(int port, String apiKey, java.util.function.Function<String, String> bodyFor) {
        return new LeadRequests(port, apiKey, 1, 1, 0, bodyFor);
    }

    private LeadRequests(int port, String apiKey, long seed, int poolSize, int badPercent,
                         java.util.function.Function<String, String> bodyFor) {
        this.bodyFor = bodyFor;
        this.head = ("POST /api/v1/leads/intake HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Authorization: Bearer " + apiKey + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: ").getBytes(StandardCharsets.US_ASCII);
        Random random = new Random(seed);
        DemoLeads demo = new DemoLeads(random);
        prefixes = new byte[poolSize][];
        suffixes = new byte[poolSize][];
        good = new boolean[poolSize];
        hasIdSlot = new boolean[poolSize];
        for (int i = 0; i < poolSize; i++) {
            boolean isGood = random.nextInt(100) >= badPercent;
            String body = isGood ? demo.good(PLACEHOLDER) : demo.bad(PLACEHOLDER);
            int at = body.indexOf(PLACEHOLDER);
            good[i] = isGood;
            hasIdSlot[i] = at >= 0;
            if (at < 0) { // e.g. the bad lead with an empty lead_id: sent as it is
                prefixes[i] = body.getBytes(StandardCharsets.UTF_8);
                suffixes[i] = new byte[0];
            } else {
                prefixes[i] = body.substring(0, at).getBytes(StandardCharsets.UTF_8);
                suffixes[i] = body.substring(at + PLACEHOLDER.length()).getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    int poolSize() {
        return prefixes.length;
    }

    /** The whole request (headers and body) for lead body {@code template} with this lead id. */
    byte[] build(int template, String leadId) {
        if (bodyFor != null) {
            byte[] body = bodyFor.apply(leadId).getBytes(StandardCharsets.UTF_8);
            byte[] len = (body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] out = new byte[head.length + len.length + body.length];
            System.arraycopy(head, 0, out, 0, head.length);
            System.arraycopy(len, 0, out, head.length, len.length);
            System.arraycopy(body, 0, out, head.length + len.length, body.length);
            return out;
        }
        byte[] p = prefixes[template];
        byte[] s = suffixes[template];
        byte[] id = hasIdSlot[template] ? leadId.getBytes(StandardCharsets.US_ASCII) : new byte[0];
        int bodyLength = p.length + id.length + s.length;
        byte[] len = (bodyLength + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + len.length + bodyLength];
        int o = 0;
        System.arraycopy(head, 0, out, o, head.length);
        o += head.length;
        System.arraycopy(len, 0, out, o, len.length);
        o += len.length;
        System.arraycopy(p, 0, out, o, p.length);
        o += p.length;
        System.arraycopy(id, 0, out, o, id.length);
        o += id.length;
        System.arraycopy(s, 0, out, o, s.length);
        return out;
    }

    boolean isGood(int template) {
        return good[template];
    }
}
