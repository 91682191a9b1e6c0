package io.leadwire.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Outbound event webhooks in the store: the operator's endpoints and their sealed signing secrets,
 * the durable messages (one per endpoint and lead event) with their attempts, and the tail of
 * {@code lead_event} that turns events into messages.
 *
 * <p>Messages are rows with a due time, claimed with {@code FOR UPDATE SKIP LOCKED} and a lease
 * the way deliveries are, so several engines on one database share the work, a retry survives a
 * restart, and an engine that dies mid-send has its message sent again (with the same
 * {@code webhook-id}) once the lease runs out.
 */
public final class WebhookRepository {
    /** The tail cursor's name in {@code tail_cursor}. */
    public static final String CURSOR = "webhooks.events";

    /** Where a message stands. */
    public enum MessageStatus {
        PENDING, SENDING, RETRY, DELIVERED, FAILED;

        /** The lower-case word shown, e.g. {@code "pending"}. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final MessageStatus[] CLAIMABLE = {MessageStatus.PENDING, MessageStatus.RETRY,
        MessageStatus.SENDING};
    private static final String EVENTS = "SELECT e.seq, e.lead_id, e.at, e.type, l.vendor_id, v.name, "
            + "l.vendor_lead_id, l.status, e.detail FROM lead_event e JOIN lead l ON l.id = e.lead_id "
            + "LEFT JOIN vendor v ON v.id = l.vendor_id WHERE e.seq > ? ORDER BY e.seq FETCH FIRST ? ROWS ONLY";
    /** The events' numbers only: enough to move the cursor while no endpoint is enabled. */
    private static final String EVENT_SEQS = "SELECT seq FROM lead_event WHERE seq > ? ORDER BY seq "
            + "FETCH FIRST ? ROWS ONLY";
    /** How many more events a step passes over when no endpoint would get them. */
    private static final int UNSUBSCRIBED_STRIDE = 10;

    private final DataSource dataSource;
    private final Clock clock;
    private final SeqTail tail;

    /**
     * @param gapTimeout how long the tail waits for a lead_event seq that is not visible yet (see
     *                   {@link SeqTail})
     */
    public WebhookRepository(DataSource dataSource, Clock clock, Duration gapTimeout) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tail = new SeqTail(CURSOR, gapTimeout, clock);
    }

    /** For admin commands and the console, which never tail. */
    public WebhookRepository(DataSource dataSource, Clock clock) {
        this(dataSource, clock, Duration.ofSeconds(5));
    }

    // ---------------------------------------------------------------- endpoints

    /** An endpoint as stored; {@code eventTypes} is the stored list ({@code *} for all). */
    public record EndpointRow(String id, String url, List<String> eventTypes, String description, boolean enabled,
                              Instant createdAt, Instant updatedAt, String updatedBy) {
    }

    /** A stored signing secret, still sealed; {@code hint} is its masked form for display. */
    public record SecretRow(long seq, String sealed, String hint, Instant createdAt, Instant expiresAt) {
    }

    /** Stores a new endpoint with its first (sealed) secret, in one transaction. */
    public EndpointRow insertEndpoint(EndpointRow e, String sealedSecret, String hint) {
        return Jdbc.inTransaction(dataSource, "add the webhook endpoint", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_endpoint (id, url, event_types, "
                    + "description, enabled, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, e.id());
                ps.setString(2, e.url());
                ps.setString(3, String.join(",", e.eventTypes()));
                ps.setString(4, DeliveryRepository.clip(e.description(), 500));
                ps.setBoolean(5, e.enabled());
                ps.setObject(6, Jdbc.ts(e.createdAt()));
                ps.setObject(7, Jdbc.ts(e.updatedAt()));
                ps.setString(8, DeliveryRepository.clip(e.updatedBy(), 100));
                ps.executeUpdate();
            }
            insertSecret(c, e.id(), sealedSecret, hint, e.createdAt());
            return e;
        });
    }

    private static void insertSecret(Connection c, String endpointId, String sealed, String hint, Instant at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_secret (endpoint_id, sealed, hint, "
                + "created_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, endpointId);
            ps.setString(2, sealed);
            ps.setString(3, hint);
            ps.setObject(4, Jdbc.ts(at));
            ps.executeUpdate();
        }
    }

    /** Every endpoint, oldest first. */
    public List<EndpointRow> endpoints() {
        return query("read webhook endpoints", "SELECT id, url, event_types, description, enabled, created_at, "
                + "updated_at, updated_by FROM webhook_endpoint ORDER BY created_at, id", ps -> { }, WebhookRepository::endpoint);
    }

    public Optional<EndpointRow> endpoint(String id) {
        return query("read the webhook endpoint", "SELECT id, url, event_types, description, enabled, created_at, "
                + "updated_at, updated_by FROM webhook_endpoint WHERE id = ?", ps -> ps.setString(1, id),
                WebhookRepository::endpoint).stream().findFirst();
    }

    private static EndpointRow endpoint(ResultSet rs) throws SQLException {
        String types = rs.getString(3);
        return new EndpointRow(rs.getString(1), rs.getString(2), types.isEmpty() ? List.of()
                : List.of(types.split(",")), rs.getString(4), rs.getBoolean(5), Jdbc.instant(rs.getObject(6)),
                Jdbc.instant(rs.getObject(7)), rs.getString(8));
    }

    /** @return whether the endpoint exists */
    public boolean setEnabled(String id, boolean enabled, String operator) {
        return update("switch the webhook endpoint", "UPDATE webhook_endpoint SET enabled = ?, updated_at = ?, "
                + "updated_by = ? WHERE id = ?", ps -> {
                    ps.setBoolean(1, enabled);
                    ps.setObject(2, Jdbc.ts(clock.instant()));
                    ps.setString(3, DeliveryRepository.clip(operator, 100));
                    ps.setString(4, id);
                }) == 1;
    }

    /** Removes the endpoint with its secrets, messages and attempts. @return whether it existed */
    public boolean deleteEndpoint(String id) {
        return update("remove the webhook endpoint", "DELETE FROM webhook_endpoint WHERE id = ?",
                ps -> ps.setString(1, id)) == 1;
    }

    /** The endpoint's secrets still in force at {@code now}, newest first (the first signs). */
    public List<SecretRow> secrets(String endpointId, Instant now) {
        return query("read webhook secrets", "SELECT seq, sealed, hint, created_at, expires_at FROM webhook_secret "
                + "WHERE endpoint_id = ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY seq DESC", ps -> {
                    ps.setString(1, endpointId);
                    ps.setObject(2, Jdbc.ts(now));
                }, rs -> new SecretRow(rs.getLong(1), rs.getString(2), rs.getString(3), Jdbc.instant(rs.getObject(4)),
                Jdbc.instant(rs.getObject(5))));
    }

    /**
     * Makes {@code sealed} the endpoint's signing secret; the secrets in force so far keep signing
     * alongside it until {@code oldExpireAt} (now or earlier drops them at once), and expired ones
     * are deleted.
     *
     * @return whether the endpoint exists
     */
    public boolean rotateSecret(String endpointId, String sealed, String hint, Instant oldExpireAt) {
        Instant now = clock.instant();
        return Jdbc.inTransaction(dataSource, "rotate the webhook secret", c -> {
            try (PreparedStatement lock = c.prepareStatement("SELECT id FROM webhook_endpoint WHERE id = ? FOR UPDATE")) {
                lock.setString(1, endpointId);
                try (ResultSet rs = lock.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_secret SET expires_at = ? WHERE "
                    + "endpoint_id = ? AND (expires_at IS NULL OR expires_at > ?)")) {
                ps.setObject(1, Jdbc.ts(oldExpireAt.isAfter(now) ? oldExpireAt : now));
                ps.setString(2, endpointId);
                ps.setObject(3, Jdbc.ts(oldExpireAt));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM webhook_secret WHERE endpoint_id = ? "
                    + "AND expires_at <= ?")) {
                ps.setString(1, endpointId);
                ps.setObject(2, Jdbc.ts(now));
                ps.executeUpdate();
            }
            insertSecret(c, endpointId, sealed, hint, now);
            try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_endpoint SET updated_at = ? WHERE id = ?")) {
                ps.setObject(1, Jdbc.ts(now));
                ps.setString(2, endpointId);
                ps.executeUpdate();
            }
            return true;
        });
    }

    /** How many of each endpoint's messages are in each status, by endpoint id. */
    public Map<String, Map<MessageStatus, Long>> messageCounts() {
        Map<String, Map<MessageStatus, Long>> out = new LinkedHashMap<>();
        query("count webhook messages", "SELECT endpoint_id, status, COUNT(*) FROM webhook_message "
                + "GROUP BY endpoint_id, status", ps -> { }, rs -> {
                    out.computeIfAbsent(rs.getString(1), k -> new EnumMap<>(MessageStatus.class))
                            .put(MessageStatus.valueOf(rs.getString(2)), rs.getLong(3));
                    return null;
                });
        return out;
    }

    // ---------------------------------------------------------------- the tail

    /**
     * One timeline event with what the lead row says, as the tail reads it. {@code detail} is the
     * timeline's free text, which may quote the lead's fields (an invalid email, say): use it to
     * tell things apart, never pass it on.
     */
    public record EventRow(long seq, String leadId, Instant at, String type, String vendorId, String vendorName,
                           String vendorLeadId, String leadStatus, String detail) {
    }

    /** A delivery or outcome of the event's lead, with its buyer. */
    public record BuyerFact(String buyerId, String buyerName, String status, String reason, String errorClass,
                            BigDecimal amount, int attempts) {
    }

    /**
     * Facts about an event's lead beyond the timeline row, read on demand in the tail's
     * transaction (only for events some endpoint wants). None of them is a person's data.
     */
    public interface EventFacts {
        /** The lead's quality reason codes ({@code email.syntax}, ...). */
        List<String> reasonCodes();

        /** Deliveries of the lead that finished, or were last updated, at the event's instant. */
        List<BuyerFact> deliveriesAt();

        /** {@code lead_outcome} rows of the lead at the event's instant (label as reason, amount). */
        List<BuyerFact> outcomesAt();

        /** The dead-letter reason written at the event's instant, if any. */
        Optional<String> deadLetterReasonAt();

        /** The lead's latest sale (an accepted delivery), for events from its buyer's callbacks. */
        Optional<BuyerFact> lastSale();
    }

    /** A message to write: one endpoint, one event. */
    public record NewMessage(String id, String endpointId, long eventSeq, String eventType, String leadId,
                             String payload) {
    }

    /** Decides which messages an event makes, given the enabled endpoints' subscriptions by id. */
    public interface MessagePlanner {
        List<NewMessage> plan(EventRow event, EventFacts facts, Map<String, List<String>> subscriptions);
    }

    /**
     * Reads up to {@code limit} lead events after the cursor, writes the messages {@code planner}
     * makes of them (due now) and moves the cursor, all in one transaction: every event becomes
     * its messages exactly once, across crashes and several engines.
     *
     * @return how many events were read (0: caught up)
     */
    public int enqueueNewEvents(int limit, MessagePlanner planner) {
        return Jdbc.inTransaction(dataSource, "turn lead events into webhook messages", c -> {
            Map<String, List<String>> subscriptions = subscriptions(c);
            if (subscriptions.isEmpty()) {
                // No endpoint would get these events (one added later starts from its own time):
                // pass over them by number, without reading each lead, in larger steps.
                SeqTail.Batch<Long> passed = tail.read(c, EVENT_SEQS, limit * UNSUBSCRIBED_STRIDE,
                        rs -> rs.getLong(1));
                if (!subscriptions(c).isEmpty()) {
                    return 0; // an endpoint was enabled meanwhile: the next step reads these in full
                }
                tail.advance(c, passed);
                return passed.rows().size();
            }
            SeqTail.Batch<EventRow> batch = tail.read(c, EVENTS, limit, rs -> new EventRow(rs.getLong(1),
                    rs.getString(2), Jdbc.instant(rs.getObject(3)), rs.getString(4), rs.getString(5), rs.getString(6),
                    rs.getString(7), rs.getString(8), rs.getString(9)));
            List<NewMessage> messages = new ArrayList<>();
            for (EventRow e : batch.rows()) {
                messages.addAll(planner.plan(e, new Facts(c, e), subscriptions));
            }
            insertMessages(c, messages, clock.instant());
            tail.advance(c, batch);
            return batch.rows().size();
        });
    }

    /** Whether any endpoint is enabled (one small read, no lock). */
    public boolean anyEndpointEnabled() {
        return Jdbc.inTransaction(dataSource, "look for enabled webhook endpoints", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM webhook_endpoint WHERE enabled = TRUE FETCH FIRST 1 ROW ONLY");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    private static Map<String, List<String>> subscriptions(Connection c) throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, event_types FROM webhook_endpoint "
                + "WHERE enabled = TRUE ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), List.of(rs.getString(2).split(",")));
            }
        }
        return out;
    }

    private static void insertMessages(Connection c, List<NewMessage> messages, Instant now) throws SQLException {
        if (messages.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_message (id, endpoint_id, event_seq, "
                + "event_type, lead_id, payload, status, attempts, next_attempt_at, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?)")) {
            for (NewMessage m : messages) {
                ps.setString(1, m.id());
                ps.setString(2, m.endpointId());
                ps.setLong(3, m.eventSeq());
                ps.setString(4, m.eventType());
                ps.setString(5, m.leadId());
                ps.setString(6, m.payload());
                ps.setObject(7, Jdbc.ts(now));
                ps.setObject(8, Jdbc.ts(now));
                ps.setObject(9, Jdbc.ts(now));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Reads the facts of one event lazily on the tail's connection. */
    private static final class Facts implements EventFacts {
        private final Connection c;
        private final EventRow e;

        Facts(Connection c, EventRow e) {
            this.c = c;
            this.e = e;
        }

        @Override
        public List<String> reasonCodes() {
            return list("SELECT code FROM lead_reason WHERE lead_id = ? ORDER BY code", false,
                    rs -> rs.getString(1));
        }

        @Override
        public List<BuyerFact> deliveriesAt() {
            return list("SELECT d.buyer_id, b.name, d.status, d.reason, d.error_class, d.price, d.attempts "
                    + "FROM delivery d JOIN buyer b ON b.id = d.buyer_id WHERE d.lead_id = ? "
                    + "AND (d.finished_at = ? OR d.updated_at = ?) ORDER BY d.seq", true, Facts::fact);
        }

        @Override
        public List<BuyerFact> outcomesAt() {
            return list("SELECT o.buyer_id, b.name, o.kind, o.label, NULL, o.amount, 0 FROM lead_outcome o "
                    + "JOIN buyer b ON b.id = o.buyer_id WHERE o.lead_id = ? AND o.at = ? ORDER BY o.seq", true,
                    Facts::fact);
        }

        @Override
        public Optional<String> deadLetterReasonAt() {
            return list("SELECT reason FROM dead_letter WHERE lead_id = ? AND at = ? ORDER BY seq DESC", true,
                    rs -> rs.getString(1)).stream().findFirst();
        }

        @Override
        public Optional<BuyerFact> lastSale() {
            return list("SELECT d.buyer_id, b.name, d.status, d.reason, d.error_class, d.price, d.attempts "
                    + "FROM delivery d JOIN buyer b ON b.id = d.buyer_id WHERE d.lead_id = ? "
                    + "AND d.status = 'ACCEPTED' ORDER BY d.seq DESC", false, Facts::fact).stream().findFirst();
        }

        private static BuyerFact fact(ResultSet rs) throws SQLException {
            return new BuyerFact(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    rs.getBigDecimal(6), rs.getInt(7));
        }

        private <T> List<T> list(String sql, boolean at, RowReader<T> reader) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, e.leadId());
                if (at) {
                    int params = (int) sql.chars().filter(ch -> ch == '?').count();
                    for (int i = 2; i <= params; i++) {
                        ps.setObject(i, Jdbc.ts(e.at()));
                    }
                }
                List<T> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(reader.read(rs));
                    }
                }
                return out;
            } catch (SQLException ex) {
                throw new StoreException("could not read the facts of lead event " + e.seq(), ex);
            }
        }
    }

    // ---------------------------------------------------------------- sending

    /** A message claimed for an attempt; {@code attempt} counts this one. */
    public record DueMessage(String id, String endpointId, String eventType, String payload, int attempt,
                             Instant createdAt) {
    }

    /**
     * Claims up to {@code limit} of the endpoint's due messages (pending, retry time reached, or
     * sending with a lease that ran out), marks them SENDING until {@code leaseUntil} and counts
     * the attempt, then commits: the claim is durable before anything goes on the wire.
     */
    public List<DueMessage> claimDue(String endpointId, int limit, Instant now, Instant leaseUntil) {
        if (limit <= 0) {
            return List.of();
        }
        return Jdbc.inTransaction(dataSource, "claim webhook messages", c -> {
            // One indexed range per claimable status, merged by due time (as deliveries are claimed).
            List<Object[]> candidates = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, next_attempt_at FROM webhook_message "
                    + "WHERE endpoint_id = ? AND status = ? AND next_attempt_at <= ? "
                    + "ORDER BY next_attempt_at FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED")) {
                for (MessageStatus status : CLAIMABLE) {
                    ps.setString(1, endpointId);
                    ps.setString(2, status.name());
                    ps.setObject(3, Jdbc.ts(now));
                    ps.setInt(4, limit);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            candidates.add(new Object[] {rs.getString(1), Jdbc.instant(rs.getObject(2))});
                        }
                    }
                }
            }
            if (candidates.isEmpty()) {
                return List.of();
            }
            candidates.sort(java.util.Comparator.comparing((Object[] r) -> (Instant) r[1])
                    .thenComparing(r -> (String) r[0]));
            List<String> ids = new ArrayList<>();
            for (Object[] r : candidates.subList(0, Math.min(limit, candidates.size()))) {
                ids.add((String) r[0]);
            }
            try (PreparedStatement up = c.prepareStatement("UPDATE webhook_message SET status = 'SENDING', "
                    + "attempts = attempts + 1, lease_until = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?")) {
                for (String id : ids) {
                    up.setObject(1, Jdbc.ts(leaseUntil));
                    up.setObject(2, Jdbc.ts(leaseUntil));
                    up.setObject(3, Jdbc.ts(now));
                    up.setString(4, id);
                    up.addBatch();
                }
                up.executeBatch();
            }
            List<DueMessage> out = new ArrayList<>(ids.size());
            try (PreparedStatement ps = c.prepareStatement("SELECT id, endpoint_id, event_type, payload, attempts, "
                    + "created_at FROM webhook_message WHERE id = ?")) {
                for (String id : ids) {
                    ps.setString(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            out.add(new DueMessage(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                    rs.getInt(5), Jdbc.instant(rs.getObject(6))));
                        }
                    }
                }
            }
            return out;
        });
    }

    /**
     * What one attempt came to. {@code status} is DELIVERED, RETRY (with {@code nextAttemptAt}) or
     * FAILED; {@code httpStatus} is null when no answer came; {@code errorClass} null on success.
     */
    public record AttemptResult(String messageId, int attempt, MessageStatus status, Instant nextAttemptAt,
                                Instant startedAt, Long latencyMs, Integer httpStatus, String errorClass,
                                String error) {
        public AttemptResult {
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(status, "status");
            if (status == MessageStatus.RETRY) {
                Objects.requireNonNull(nextAttemptAt, "a retry needs its due time");
            }
        }
    }

    /**
     * Records an attempt and the message's new status in one transaction. A message whose endpoint
     * was removed while it was on the wire is gone, and nothing is recorded.
     */
    public void record(AttemptResult r, Instant at) {
        Jdbc.inTransaction(dataSource, "record the webhook attempt", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_message SET status = ?, "
                    + "next_attempt_at = ?, lease_until = NULL, last_status = ?, last_error = ?, updated_at = ?, "
                    + "delivered_at = ? WHERE id = ?")) {
                ps.setString(1, r.status().name());
                ps.setObject(2, Jdbc.ts(r.status() == MessageStatus.RETRY ? r.nextAttemptAt() : null));
                ps.setObject(3, r.httpStatus());
                ps.setString(4, DeliveryRepository.clip(r.error(), 1000));
                ps.setObject(5, Jdbc.ts(at));
                ps.setObject(6, Jdbc.ts(r.status() == MessageStatus.DELIVERED ? at : null));
                ps.setString(7, r.messageId());
                if (ps.executeUpdate() == 0) {
                    return null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_attempt (message_id, attempt, "
                    + "started_at, latency_ms, response_status, error_class, error) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, r.messageId());
                ps.setInt(2, r.attempt());
                ps.setObject(3, Jdbc.ts(r.startedAt()));
                ps.setObject(4, r.latencyMs());
                ps.setObject(5, r.httpStatus());
                ps.setString(6, r.errorClass());
                ps.setString(7, DeliveryRepository.clip(r.error(), 1000));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Hands back a claimed message without an attempt having been made (the endpoint's breaker
     * refused the call, or the engine is stopping): it is due again at {@code at}, uncounted.
     */
    public void release(String messageId, Instant at) {
        update("release the webhook message", "UPDATE webhook_message SET status = 'RETRY', "
                + "attempts = attempts - 1, next_attempt_at = ?, lease_until = NULL, updated_at = ? "
                + "WHERE id = ? AND status = 'SENDING'", ps -> {
                    ps.setObject(1, Jdbc.ts(at));
                    ps.setObject(2, Jdbc.ts(clock.instant()));
                    ps.setString(3, messageId);
                });
    }

    /**
     * Makes a failed message due again now with a fresh attempt count (an operator's redelivery).
     * Its {@code created_at} restarts too, since the retry policy's age budget counts from it.
     */
    public boolean requeue(String messageId) {
        Instant now = clock.instant();
        return update("requeue the webhook message", "UPDATE webhook_message SET status = 'PENDING', attempts = 0, "
                + "next_attempt_at = ?, created_at = ?, updated_at = ? WHERE id = ? AND status = 'FAILED'", ps -> {
                    ps.setObject(1, Jdbc.ts(now));
                    ps.setObject(2, Jdbc.ts(now));
                    ps.setObject(3, Jdbc.ts(now));
                    ps.setString(4, messageId);
                }) == 1;
    }

    // ---------------------------------------------------------------- reading

    /** A message as the console and {@code webhook list} show it. */
    public record MessageRow(String id, String endpointId, long eventSeq, String eventType, String leadId,
                             String payload, MessageStatus status, int attempts, Instant nextAttemptAt,
                             Integer lastStatus, String lastError, Instant createdAt, Instant deliveredAt) {
    }

    /**
     * An endpoint's latest messages, newest first.
     *
     * @param status only these, or null for all
     */
    public List<MessageRow> messages(String endpointId, MessageStatus status, int limit) {
        return query("read webhook messages", "SELECT id, endpoint_id, event_seq, event_type, lead_id, payload, "
                + "status, attempts, next_attempt_at, last_status, last_error, created_at, delivered_at "
                + "FROM webhook_message WHERE endpoint_id = ? " + (status == null ? "" : "AND status = ? ")
                + "ORDER BY event_seq DESC, id FETCH FIRST ? ROWS ONLY", ps -> {
                    int i = 1;
                    ps.setString(i++, endpointId);
                    if (status != null) {
                        ps.setString(i++, status.name());
                    }
                    ps.setInt(i, limit);
                }, rs -> {
                    int last = rs.getInt(10);
                    Integer lastStatus = rs.wasNull() ? null : last;
                    return new MessageRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), MessageStatus.valueOf(rs.getString(7)), rs.getInt(8),
                            Jdbc.instant(rs.getObject(9)), lastStatus, rs.getString(11),
                            Jdbc.instant(rs.getObject(12)), Jdbc.instant(rs.getObject(13)));
                });
    }

    /** One attempt of a message. */
    public record AttemptRow(int attempt, Instant startedAt, Long latencyMs, Integer httpStatus, String errorClass,
                             String error) {
    }

    public List<AttemptRow> attempts(String messageId) {
        return query("read webhook attempts", "SELECT attempt, started_at, latency_ms, response_status, error_class, "
                + "error FROM webhook_attempt WHERE message_id = ? ORDER BY seq", ps -> ps.setString(1, messageId),
                rs -> {
                    long latency = rs.getLong(3);
                    Long l = rs.wasNull() ? null : latency;
                    int status = rs.getInt(4);
                    Integer s = rs.wasNull() ? null : status;
                    return new AttemptRow(rs.getInt(1), Jdbc.instant(rs.getObject(2)), l, s, rs.getString(5),
                            rs.getString(6));
                });
    }

    // ---------------------------------------------------------------- helpers

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String what, String sql, Binder binder, RowReader<T> reader) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(reader.read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("could not " + what, e);
        }
    }

    private int update(String what, String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("could not " + what, e);
        }
    }
}
