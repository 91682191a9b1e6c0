package io.leadwire.lead;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process publisher of {@link EngineEvent}s. Listeners run on the publishing thread and must
 * be quick (hand work off); a failing listener is logged and never breaks the publisher.
 */
public final class EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
    private final List<Consumer<? super EngineEvent>> listeners = new CopyOnWriteArrayList<>();

    /** Registers a listener; returns a handle that removes it again. */
    public AutoCloseable subscribe(Consumer<? super EngineEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public void publish(EngineEvent event) {
        for (Consumer<? super EngineEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("event listener failed on {}", event.getClass().getSimpleName(), e);
            }
        }
    }
}
