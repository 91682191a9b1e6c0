package io.leadwire.callback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadwire.intake.IntakeServer;
import io.leadwire.intake.Problem;
import io.leadwire.intake.ProblemException;
import io.leadwire.store.CallbackRepository;
import io.leadwire.store.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/callbacks/{buyer}}: takes a buyer's event, checks it and stores it, then
 * answers at once; the {@link CallbackWorker} applies it afterwards. The checks run in a fixed
 * order and each refusal is a problem+json answer naming what is wrong: unknown buyer (404),
 * address not allowed (403), body too large (413), signature or timestamp (401), not a JSON
 * object or no event id (400).
 *
 * <p>The event is committed before the answer: a 202 means it is durable. A re-sent event (same
 * event id for the buyer) is answered 200 "already received" and never applied twice.
 */
public final class CallbackEndpoint implements IntakeServer.PostHandler {
    /** Where the endpoint listens, under the intake's port. */
    public static final String PREFIX = "/api/v1/callbacks/";
    /** The largest callback body: events are small, and every one is kept. */
    public static final int MAX_BODY = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(CallbackEndpoint.class);

    private final CallbackBuyers buyers;
    private final CallbackRepository store;
    private final ObjectMapper json;
    private final Clock clock;
    private final Runnable wakeWorker;

    /** @param wakeWorker told after an event was committed, so it is applied at once */
    public CallbackEndpoint(CallbackBuyers buyers, CallbackRepository store, ObjectMapper json, Clock clock,
                            Runnable wakeWorker) {
        this.buyers = buyers;
        this.store = store;
        this.json = json;
        this.clock = clock;
        this.wakeWorker = wakeWorker;
    }

    @Override
    public void handle(IntakeServer.PostExchange ex) throws IOException, ProblemException {
        String name = ex.pathTail();
        CallbackBuyers.CallbackBuyer buyer;
        try {
            buyer = name.isEmpty() || name.contains("/") ? null : buyers.find(name).orElse(null);
        } catch (StoreException e) {
            LOG.warn("cannot read buyers for a callback: {}", e.toString());
            throw unavailable();
        }
        if (buyer == null) {
            throw new ProblemException(new Problem(404, "unknown_buyer", null, "No buyer '" + clip(name)
                    + "' here; call back to " + PREFIX + "<buyer name or id> as set up by the operator."));
        }
        if (buyer.settings() == null) {
            throw new ProblemException(new Problem(404, "callbacks_not_enabled", null, "Buyer '" + buyer.name()
                    + "' has no callbacks set up; the operator adds a \"callbacks\" block to its buyer file."));
        }
        String ip = ex.remoteAddress().getHostAddress();
        if (!buyer.allows(ex.remoteAddress())) {
            throw new ProblemException(new Problem(403, "ip_not_allowed", null, "Address " + ip
                    + " is not on the callback allowlist of buyer '" + buyer.name() + "'."));
        }
        byte[] body = ex.body(MAX_BODY, "A callback body");
        if (buyer.signature() == null) {
            // Our configuration is at fault, not the caller: a retry succeeds once the secret is stored.
            LOG.warn("callback of {} refused: {}", buyer.name(), buyer.problem());
            throw new ProblemException(new Problem(503, "callbacks_not_ready", null, "Callbacks of buyer '"
                    + buyer.name() + "' cannot be checked yet (a signing secret is not set up); send it again later."));
        }
        CallbackSignature.Headers headers = ex::header;
        CallbackSignature.Check check = buyer.signature().verify(headers, body, clock.instant());
        if (!check.ok()) {
            throw new ProblemException(new Problem(401, check.reason(), null, check.detail()));
        }
        JsonNode event;
        try {
            event = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ProblemException(Problem.badRequest("malformed_json", null, "The body is not JSON: "
                    + e.getOriginalMessage() + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr()) + "."));
        }
        if (event == null || !event.isObject()) {
            throw new ProblemException(Problem.badRequest("malformed_json", null,
                    "The body must be one JSON object (the event)."));
        }
        String eventId = buyer.signature().transportEventId(headers);
        String idPath = buyer.settings().fields().id();
        if (eventId == null) {
            eventId = CallbackFields.text(event, idPath);
        }
        if (eventId == null || eventId.isBlank() || eventId.length() > 200) {
            throw new ProblemException(Problem.badRequest("missing_event_id", idPath,
                    "Each event needs its own id (1 to 200 characters) at '" + idPath
                            + "'; a re-sent event keeps its id so it is not applied twice."));
        }
        String type = CallbackFields.text(event, buyer.settings().fields().type());
        CallbackRepository.Received received;
        try {
            received = store.receive(buyer.id(), eventId, clock.instant(), ip, type,
                    new String(body, StandardCharsets.UTF_8));
        } catch (StoreException e) {
            LOG.warn("callback of {} not stored: {}", buyer.name(), e.toString());
            throw unavailable();
        }
        ObjectNode answer = json.createObjectNode().put("event_id", eventId);
        if (received instanceof CallbackRepository.Replay r) {
            answer.put("status", "already received").put("id", r.id()).put("state", r.state());
            ex.answer(200, answer);
            return;
        }
        answer.put("status", "received").put("id", ((CallbackRepository.Stored) received).id());
        ex.answer(202, answer);
        wakeWorker.run();
    }

    private static ProblemException unavailable() {
        return new ProblemException(new Problem(503, "store_unavailable", null,
                "The event was not stored; send the same event again shortly."));
    }

    private static String clip(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }
}
