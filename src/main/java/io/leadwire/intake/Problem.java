package io.leadwire.intake;

/**
 * An intake refusal, answered as {@code application/problem+json} (RFC 9457).
 *
 * @param status HTTP status
 * @param reason stable machine-readable code, e.g. {@code missing_field}
 * @param field  the payload field at fault, or null
 * @param detail a sentence telling the vendor what is wrong and what to send instead
 */
public record Problem(int status, String reason, String field, String detail) {

    public static Problem badRequest(String reason, String field, String detail) {
        return new Problem(400, reason, field, detail);
    }

    /** The problem {@code type} URI. */
    public String type() {
        return "urn:leadwire:problem:" + reason;
    }

    public String title() {
        return switch (status) {
            case 400 -> "Invalid lead";
            case 401 -> "Not authenticated";
            case 403 -> "Not allowed from this address";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 413 -> "Payload too large";
            case 415 -> "Unsupported media type";
            case 503 -> "Service unavailable";
            default -> "Request refused";
        };
    }
}
