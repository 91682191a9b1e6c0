package io.leadwire.metrics;

import io.leadwire.store.AlertRepository.AlertRow;

/** A way to tell people about an alert nobody acknowledged (Slack, email). */
public interface AlertChannel {
    /** The channel's name in the escalation log, e.g. {@code slack}. */
    String name();

    /** Whether the settings say where to send on this channel. */
    boolean configured(AlertSettings.Escalation settings);

    /**
     * Sends the alert; returns a short note on success (e.g. "HTTP 200").
     *
     * @throws Exception saying why it did not go through (it is recorded and tried again later)
     */
    String send(AlertRow alert, String text, AlertSettings.Escalation settings) throws Exception;
}
