package io.leadwire.lead;

/** A vendor was added or its keys or allowlist changed. */
public record VendorChangedEvent(String vendorId) implements EngineEvent {
}
