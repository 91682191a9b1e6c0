package io.leadwire.app;

import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Realistic sample leads for the demo and the load generator: forex and insurance shapes as
 * vendors send them, and a share of bad ones like those sales ops see every day.
 */
public final class DemoLeads {
    private static final String[] FIRST = {"John", "María-José", "Aiko", "Olu", "Siobhán", "Lukas", "Priya", "Chen",
        "Fatima", "Mateo", "Zoë", "Ivan", "Amara", "Noah", "Léa", "Kwame"};
    private static final String[] LAST = {"Smith", "O'Neil", "Tanaka", "Adeyemi", "Murphy", "Müller", "Sharma", "Wei",
        "Haddad", "García", "Dubois", "Petrov", "Okafor", "Jones", "Martin", "Mensah"};
    /** Country, a number prefix in that country's plan, how many random digits complete it, an IP there. */
    private static final String[][] COUNTRIES = {
        {"United Kingdom", "+442079460", "3", "81.2.69.142"}, {"Germany", "+49151", "8", "89.160.20.112"},
        {"United States", "+1512555", "4", "198.51.100.23"}, {"Ireland", "+35387", "7", "81.2.69.160"},
        {"Spain", "+34612", "6", "89.160.20.128"}};
    /** Markets outside the Tier-1 list: valid leads from them score low and wait for review. */
    private static final String[][] FAR = {
        {"Brazil", "+55119", "8", ""}, {"India", "+9198", "8", ""}, {"Mexico", "+5255", "8", ""}};
    private static final String[] EXPERIENCE = {"beginner", "intermediate", "advanced"};
    private static final String[] CAPITAL = {"1000-5000", "5000-10000", "10000-50000", "50000+"};
    private static final List<String> BAD = List.of(
            "{\"lead_id\":\"%s\",\"first_name\":\"Ann\",\"last_name\":\"Lee\",\"email\":\"ann.lee@\","
                    + "\"phone\":\"+442071234567\",\"country\":\"United Kingdom\"}",
            "{\"lead_id\":\"%s\",\"first_name\":\"R2D2\",\"last_name\":\"<script>alert(1)</script>\","
                    + "\"email\":\"x@example.com\",\"phone\":\"+4915112345678\",\"country\":\"Germany\"}",
            "{\"lead_id\":\"%s\",\"first_name\":\"Dee\",\"last_name\":\"Fox\",\"email\":\"dee@example.com\","
                    + "\"phone\":\"+4915112345678\",\"country\":\"Germany\",\"capital_available\":\"lots\"}",
            "{\"lead_id\":\"\",\"first_name\":\"Eve\",\"last_name\":\"Ng\",\"email\":\"eve@example.com\"}",
            "{\"lead_id\":\"%s\",\"first_name\":\"Fay\",\"email\":[\"fay@example.com\"]}",
            "{\"lead_id\":\"%s\",\"first_name\":\"Gus\",");

    private final Random random;

    public DemoLeads(Random random) {
        this.random = random;
    }

    /** A good lead as JSON, with the given vendor lead id. */
    public String good(String leadId) {
        String first = pick(FIRST);
        String last = pick(LAST);
        String[] c = COUNTRIES[random.nextInt(COUNTRIES.length)];
        String email = ascii(first) + "." + ascii(last) + random.nextInt(1000) + "@example.com";
        int digits = Integer.parseInt(c[2]);
        String phone = c[1] + String.format(Locale.ROOT, "%0" + digits + "d",
                random.nextInt((int) Math.pow(10, digits)));
        return "{\"lead_id\":\"" + leadId + "\",\"timestamp\":\"" + java.time.Instant.now()
                + "\",\"first_name\":\"" + first + "\",\"last_name\":\"" + last.replace("\"", "")
                + "\",\"email\":\"" + email + "\",\"phone\":\"" + phone + "\",\"country\":\"" + c[0]
                + "\",\"ip_address\":\"" + c[3] + "\",\"source\":\"demo_campaign\",\"trading_experience\":\""
                + pick(EXPERIENCE) + "\",\"capital_available\":\"" + pick(CAPITAL) + "\"}";
    }

    /**
     * A lead with one of the usual defects: one in four is refused by the intake (malformed body,
     * missing lead id, a list for a field), the rest are well-formed but flawed so the quality stage
     * holds them for the quarantine desk ({@link #flawed(String)}).
     */
    public String bad(String leadId) {
        if (random.nextInt(4) == 0) {
            return String.format(Locale.ROOT, BAD.get(3 + random.nextInt(BAD.size() - 3)), leadId);
        }
        return flawed(leadId);
    }

    /** The defects {@link #flawed(String)} chooses from, each giving the desk a different reason. */
    enum Flaw {
        EMAIL_SYNTAX, EMAIL_DISPOSABLE, PHONE_INVALID, NAME_CHARS, CAPITAL_TEXT, EXPERIENCE_UNKNOWN, LOW_SCORE,
        UNREACHABLE, PHONE_ABROAD, CONSENT_MALFORMED, FIXED_TEMPLATE
    }

    /** A realistic lead with one defect the quality stage quarantines for (a different person each time). */
    public String flawed(String leadId) {
        return flawed(leadId, Flaw.values()[random.nextInt(Flaw.values().length)]);
    }

    String flawed(String leadId, Flaw flaw) {
        String first = pick(FIRST);
        String last = pick(LAST).replace("\"", "");
        String[] c = COUNTRIES[random.nextInt(COUNTRIES.length)];
        String local = ascii(first) + "." + ascii(last) + random.nextInt(1000);
        String email = local + "@example.com";
        String phone = phone(c);
        String country = c[0];
        String ip = c[3];
        String experience = pick(EXPERIENCE);
        String capital = pick(CAPITAL);
        String extra = "";
        switch (flaw) {
            case EMAIL_SYNTAX -> email = random.nextBoolean() ? local + "@" : local + "@example..com";
            case EMAIL_DISPOSABLE -> email = local + "@" + pick(new String[] {"mailinator.com", "yopmail.com",
                "guerrillamail.com"});
            case PHONE_INVALID -> phone = random.nextBoolean() ? "12345" : c[1].substring(0, 6) + "12";
            case NAME_CHARS -> first = random.nextBoolean() ? first + random.nextInt(100) : "<b>" + first + "</b>";
            case CAPITAL_TEXT -> capital = pick(new String[] {"lots", "ask me", "a few grand"});
            case EXPERIENCE_UNKNOWN -> experience = pick(new String[] {"guru", "some", "pro trader"});
            case LOW_SCORE -> {
                String[] far = FAR[random.nextInt(FAR.length)];
                country = far[0];
                phone = phone(far);
                ip = "";
                experience = "";
                capital = "";
            }
            case UNREACHABLE -> {
                email = local + "@";
                phone = "";
            }
            case PHONE_ABROAD -> {
                String[] far = FAR[random.nextInt(FAR.length)];
                country = far[0];
                ip = "";
                experience = "";
                capital = "";
            }
            case CONSENT_MALFORMED -> {
                country = FAR[random.nextInt(FAR.length)][0];
                phone = "";
                ip = "";
                experience = "";
                capital = "";
                extra = ",\"trustedform_cert_url\":\"https://cert.trustedform.com/" + random.nextInt(100_000) + "\"";
            }
            case FIXED_TEMPLATE -> {
                return String.format(Locale.ROOT, BAD.get(random.nextInt(3)), leadId);
            }
            default -> throw new IllegalStateException(flaw.name());
        }
        StringBuilder sb = new StringBuilder("{\"lead_id\":\"").append(leadId).append("\",\"timestamp\":\"")
                .append(java.time.Instant.now()).append("\",\"first_name\":\"").append(first)
                .append("\",\"last_name\":\"").append(last).append("\",\"email\":\"").append(email).append('"');
        optional(sb, "phone", phone);
        sb.append(",\"country\":\"").append(country).append('"');
        optional(sb, "ip_address", ip);
        sb.append(",\"source\":\"demo_campaign\"");
        optional(sb, "trading_experience", experience);
        optional(sb, "capital_available", capital);
        return sb.append(extra).append('}').toString();
    }

    private static void optional(StringBuilder sb, String field, String value) {
        if (!value.isEmpty()) {
            sb.append(",\"").append(field).append("\":\"").append(value).append('"');
        }
    }

    private String phone(String[] country) {
        int digits = Integer.parseInt(country[2]);
        return country[1] + String.format(Locale.ROOT, "%0" + digits + "d", random.nextInt((int) Math.pow(10, digits)));
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }

    private static String ascii(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "").replaceAll("[^A-Za-z]", "").toLowerCase(Locale.ROOT);
    }
}
