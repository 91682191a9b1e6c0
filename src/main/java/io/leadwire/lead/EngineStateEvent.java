package io.leadwire.lead;

/** The engine changed state (starting, running, draining, stopped). */
public record EngineStateEvent(EngineState state) implements EngineEvent {
}
