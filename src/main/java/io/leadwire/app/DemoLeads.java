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

    /** A lead with one of the usual defects (some the intake refuses, some later stages will). */
    public String bad(String leadId) {
        return String.format(Locale.ROOT, BAD.get(random.nextInt(BAD.size())), leadId);
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }

    private static String ascii(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "").replaceAll("[^A-Za-z]", "").toLowerCase(Locale.ROOT);
    }
}
