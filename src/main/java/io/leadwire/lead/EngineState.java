package io.leadwire.lead;

/** Life cycle of an engine process. */
public enum EngineState {
    STARTING, RUNNING, DRAINING, STOPPED
}
