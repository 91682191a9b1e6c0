package io.leadwire.ui.deadletter;

/**
 * One delivery of the selected lead, with its last attempt as sent and as answered.
 *
 * @param status   "failed", "rejected", …
 * @param summary  "client_error · 2 attempts · round 1"
 * @param reason   the delivery's reason text, "" when none
 * @param request  the last request as text (method, URL, masked headers, body), "" without an attempt
 * @param response the last response as text, or why there was none
 */
public record DeliveryItem(String buyer, String status, String summary, String reason, String request,
                          String response) {
}
