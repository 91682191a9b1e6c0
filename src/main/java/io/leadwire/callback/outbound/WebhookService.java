package io.leadwire.callback.outbound;

import io.leadwire.callback.StandardWebhooks;
import io.leadwire.lead.LeadIds;
import io.leadwire.store.SecretBox;
import io.leadwire.store.WebhookRepository;
import io.leadwire.store.WebhookRepository.EndpointRow;
import io.leadwire.store.WebhookRepository.MessageRow;
import io.leadwire.store.WebhookRepository.MessageStatus;
import io.leadwire.store.WebhookRepository.SecretRow;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * The operator's outbound webhook endpoints: add, list, remove, switch on and off, rotate the
 * signing secret, look at and redeliver messages. The admin command and the console use this;
 * the dispatcher reads the secrets it signs with here.
 *
 * <p>Secrets are {@code whsec_<base64 key>} (Standard Webhooks), generated when none is given,
 * stored sealed with the data dir's {@link SecretBox} and shown once, when made; afterwards only
 * a hint ({@code whsec_AbCd…}) is shown.
 */
public final class WebhookService {
    /** The fewest key bytes a given secret may have (Standard Webhooks asks for 24 to 64). */
    static final int MIN_KEY_BYTES = 16;
    private static final char[] ID_CHARS = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

    private final WebhookRepository repository;
    private final SecretBox secrets;
    private final Clock clock;
    private final SecureRandom random;
    private final LeadIds ids;

    public WebhookService(WebhookRepository repository, SecretBox secrets, Clock clock, SecureRandom random) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.ids = new LeadIds(clock, random);
    }

    /** An endpoint with its message counts, as {@code webhook list} and the console show it. */
    public record Endpoint(String id, String url, List<String> eventTypes, String description, boolean enabled,
                           List<String> secretHints, Map<MessageStatus, Long> counts, Instant createdAt,
                           Instant updatedAt, String updatedBy) {
        public long count(MessageStatus status) {
            return counts.getOrDefault(status, 0L);
        }
    }

    /** A new endpoint and its secret in clear: show it once, it is not shown again. */
    public record Created(Endpoint endpoint, String secret) {
    }

    /**
     * Adds an endpoint, on at once.
     *
     * @param url         where to POST, http or https
     * @param eventTypes  webhook event types ({@code lead.delivered}, ...), comma lists allowed, or {@code *}
     * @param secret      a {@code whsec_} secret to use, or null to generate one
     * @param description free text for people, may be null
     * @throws IllegalArgumentException saying what is wrong with the URL, a type or the secret
     */
    public Created add(String url, List<String> eventTypes, String secret, String description, String operator) {
        String checkedUrl = checkUrl(url);
        List<String> types = WebhookEventType.parseSubscription(eventTypes);
        String s = secret == null ? newSecret() : checkSecret(secret);
        Instant now = clock.instant();
        EndpointRow row = new EndpointRow(newEndpointId(), checkedUrl, types, description == null ? ""
                : description.strip(), true, now, now, operator);
        repository.insertEndpoint(row, secrets.seal(s), hint(s));
        return new Created(get(row.id()), s);
    }

    /** Every endpoint with its secrets' hints and message counts, oldest first. */
    public List<Endpoint> list() {
        Map<String, Map<MessageStatus, Long>> counts = repository.messageCounts();
        Instant now = clock.instant();
        List<Endpoint> out = new ArrayList<>();
        for (EndpointRow r : repository.endpoints()) {
            out.add(view(r, counts.getOrDefault(r.id(), Map.of()), now));
        }
        return out;
    }

    /** @throws IllegalArgumentException when there is no such endpoint */
    public Endpoint get(String id) {
        EndpointRow r = row(id);
        return view(r, repository.messageCounts().getOrDefault(r.id(), Map.of()), clock.instant());
    }

    private Endpoint view(EndpointRow r, Map<MessageStatus, Long> counts, Instant now) {
        List<String> hints = repository.secrets(r.id(), now).stream().map(SecretRow::hint).toList();
        Map<MessageStatus, Long> c = new EnumMap<>(MessageStatus.class);
        c.putAll(counts);
        return new Endpoint(r.id(), r.url(), r.eventTypes(), r.description(), r.enabled(), hints, c, r.createdAt(),
                r.updatedAt(), r.updatedBy());
    }

    private EndpointRow row(String id) {
        return repository.endpoint(Objects.requireNonNull(id, "id").strip()).orElseThrow(
                () -> new IllegalArgumentException("no webhook endpoint " + id + " (leadwire webhook list shows them)"));
    }

    /** Removes an endpoint with its secrets and every message, sent or not. */
    public void remove(String id) {
        if (!repository.deleteEndpoint(row(id).id())) {
            throw new IllegalArgumentException("no webhook endpoint " + id);
        }
    }

    /**
     * Switches an endpoint on or off. Off, it gets no new messages and its waiting ones are held
     * (not sent, not given up) until it is switched on again.
     */
    public void setEnabled(String id, boolean enabled, String operator) {
        repository.setEnabled(row(id).id(), enabled, operator);
    }

    /**
     * Makes a new signing secret. The old ones keep signing alongside it for {@code overlap}, so
     * a receiver that still checks with the old secret keeps accepting messages while it is
     * switched over ({@link Duration#ZERO} drops them at once).
     *
     * @param secret the new {@code whsec_} secret, or null to generate one
     * @return the new secret in clear, to show once
     */
    public String rotateSecret(String id, String secret, Duration overlap) {
        Objects.requireNonNull(overlap, "overlap");
        if (overlap.isNegative()) {
            throw new IllegalArgumentException("the overlap cannot be negative");
        }
        String s = secret == null ? newSecret() : checkSecret(secret);
        if (!repository.rotateSecret(row(id).id(), secrets.seal(s), hint(s), clock.instant().plus(overlap))) {
            throw new IllegalArgumentException("no webhook endpoint " + id);
        }
        return s;
    }

    /** An endpoint's latest messages, newest first; {@code status} null for all. */
    public List<MessageRow> messages(String endpointId, MessageStatus status, int limit) {
        return repository.messages(row(endpointId).id(), status, limit);
    }

    /** The attempts of one message, oldest first. */
    public List<WebhookRepository.AttemptRow> attempts(String messageId) {
        return repository.attempts(messageId);
    }

    /**
     * Sends a failed message again, with the same {@code webhook-id} and a fresh set of attempts.
     *
     * @return false when there is no failed message with this id
     */
    public boolean redeliver(String messageId) {
        return repository.requeue(messageId);
    }

    /**
     * The {@code webhook-signature} value for a message to an endpoint: one {@code v1,...} per
     * secret in force, the newest first, space-separated as Standard Webhooks allows (a receiver
     * accepts the message when any signature matches a secret it has).
     *
     * @throws IllegalStateException when the endpoint has no secret in force
     * @throws IllegalArgumentException when a secret cannot be opened with this data dir's key
     */
    public String signature(String endpointId, String messageId, long timestampSeconds, byte[] body) {
        List<SecretRow> rows = repository.secrets(endpointId, clock.instant());
        if (rows.isEmpty()) {
            throw new IllegalStateException("webhook endpoint " + endpointId + " has no signing secret; "
                    + "leadwire webhook rotate-secret " + endpointId);
        }
        List<String> parts = new ArrayList<>(rows.size());
        for (SecretRow r : rows) {
            parts.add(StandardWebhooks.of(secrets.open(r.sealed())).sign(messageId, timestampSeconds, body));
        }
        return String.join(" ", parts);
    }

    /** A new {@code msg_} id: time-ordered, unguessable, unique across engines. */
    public String newMessageId() {
        return "msg_" + ids.next().replace("-", "");
    }

    private String newEndpointId() {
        StringBuilder sb = new StringBuilder("ep_");
        for (int i = 0; i < 12; i++) {
            sb.append(ID_CHARS[random.nextInt(ID_CHARS.length)]);
        }
        return sb.toString();
    }

    private String newSecret() {
        return StandardWebhooks.newSecret(random);
    }

    static String hint(String secret) {
        int keep = Math.min(secret.length(), "whsec_".length() + 4);
        return secret.substring(0, keep) + "…";
    }

    static String checkSecret(String secret) {
        String s = secret.strip();
        if (!s.startsWith("whsec_")) {
            throw new IllegalArgumentException("a webhook secret is written whsec_<base64 key>; leave it out to have "
                    + "one generated");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(s.substring("whsec_".length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a webhook secret must be base64 after whsec_");
        }
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("a webhook secret needs at least " + MIN_KEY_BYTES + " key bytes, not "
                    + key.length);
        }
        return s;
    }

    static String checkUrl(String url) {
        HttpUrl parsed = url == null ? null : HttpUrl.parse(url.strip());
        if (parsed == null) {
            throw new IllegalArgumentException("the webhook URL must be an absolute http or https URL, not '" + url
                    + "'");
        }
        if (!parsed.username().isEmpty() || !parsed.password().isEmpty()) {
            throw new IllegalArgumentException("put no credentials in the webhook URL: messages are signed instead");
        }
        return parsed.toString();
    }
}
