package io.leadwire.lead;

import java.util.List;

/** Names of the canonical lead fields every stage understands. */
public final class CanonicalField {
    public static final String LEAD_ID = "lead_id";
    public static final String TIMESTAMP = "timestamp";
    public static final String FIRST_NAME = "first_name";
    public static final String LAST_NAME = "last_name";
    public static final String EMAIL = "email";
    public static final String PHONE = "phone";
    public static final String COUNTRY = "country";
    public static final String STATE = "state";
    public static final String CITY = "city";
    public static final String ZIP = "zip";
    public static final String STREET = "street";
    public static final String IP_ADDRESS = "ip_address";
    public static final String SOURCE = "source";

    /** Fields whose value must be a scalar (string, number or boolean) when present. */
    public static final List<String> SCALARS = List.of(
            LEAD_ID, TIMESTAMP, FIRST_NAME, LAST_NAME, EMAIL, PHONE, COUNTRY, STATE, CITY, ZIP,
            STREET, IP_ADDRESS, SOURCE);

    private CanonicalField() {
    }
}
