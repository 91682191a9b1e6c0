package io.leadwire.ui.deadletter;

/**
 * One open dead letter in the table, formatted for display.
 *
 * @param seq        the dead letter's id
 * @param received      when the lead came in, "2026-11-25 11:50"
 * @param receivedShort the same for a narrow column: "11:50" today, "11-24" before
 * @param reason     the reason's short label ("Waterfall exhausted", "No eligible buyer")
 * @param lastBuyer  the buyer tried last, "" when none was
 * @param errorClass the last delivery's error class, or its outcome when the buyer answered ("rejected")
 * @param lastHttp   the last attempt's HTTP status, "–" when none answered
 */
public record DeadLetterRow(long seq, String leadId, String vendorLeadId, String name, String vendor,
                            String received, String receivedShort, String reasonCode, String reason, String lastBuyer, String errorClass,
                            int attempts, String lastHttp) {
}
