package io.leadwire.lead;

/**
 * The store's lead timeline grew, whoever wrote it: this engine, an admin command, or another
 * engine process on the same database. Lets consoles on other machines follow the live feed.
 *
 * @param lastEventSeq the highest lead_event seq now in the store
 */
public record StoreChangedEvent(long lastEventSeq) implements EngineEvent {
}
