package io.leadwire.lead;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A lead as stored: the vendor's raw payload kept verbatim plus the normalized canonical fields.
 *
 * @param seq          store-assigned ascending sequence, used for paging newest first
 * @param id           Leadwire's own id (time-ordered UUID)
 * @param vendorId     the vendor that sent it
 * @param vendorLeadId the vendor's own id for the lead ({@code lead_id} in the payload)
 * @param fields       canonical fields, normalized (trimmed strings; unknown fields kept too)
 */
public record Lead(
        long seq,
        String id,
        String vendorId,
        String vendorLeadId,
        Instant receivedAt,
        LeadStatus status,
        String contentType,
        String rawPayload,
        Map<String, String> fields,
        String remoteIp) {

    public Lead {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(vendorId, "vendorId");
        Objects.requireNonNull(vendorLeadId, "vendorLeadId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(status, "status");
        fields = Map.copyOf(fields);
    }

    public String field(String name) {
        return fields.get(name);
    }

    public String firstName() {
        return fields.get(CanonicalField.FIRST_NAME);
    }

    public String lastName() {
        return fields.get(CanonicalField.LAST_NAME);
    }

    public String email() {
        return fields.get(CanonicalField.EMAIL);
    }

    public String phone() {
        return fields.get(CanonicalField.PHONE);
    }

    public String country() {
        return fields.get(CanonicalField.COUNTRY);
    }

    /** "First Last", or whatever part of it the vendor sent. */
    public String displayName() {
        String first = firstName() == null ? "" : firstName();
        String last = lastName() == null ? "" : lastName();
        return (first + " " + last).trim();
    }
}
