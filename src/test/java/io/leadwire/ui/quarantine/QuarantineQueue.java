package io.leadwire.ui.quarantine;

import io.leadwire.ui.InMemoryConsole;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A realistic quarantine for screen tests and screenshots: three vendors, a dozen held leads, a few good ones. */
final class QuarantineQueue {
    /** A Wednesday afternoon. */
    static final Instant NOW = Instant.parse("2026-11-25T15:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private QuarantineQueue() {
    }

    /** Stores and judges the leads; returns how many were quarantined. */
    static int seed(InMemoryConsole console) {
        String acme = console.vendors.add("Acme Leads", List.of()).vendor().id();
        String bolt = console.vendors.add("Bolt Media", List.of()).vendor().id();
        String north = console.vendors.add("Northwind Finance", List.of()).vendor().id();
        held(console, acme, "ACME-1043", "María-José", "O'Neil", "maria.oneil@example,com", "+442079460311",
                "United Kingdom", Map.of("trading_experience", "advanced", "capital_available", "10000-50000"),
                Duration.ofMinutes(128));
        held(console, acme, "ACME-1051", "Lukas", "Müller", "lukas.mueller@mailinator.com", "+4915112345678",
                "Germany", Map.of("trading_experience", "intermediate"), Duration.ofMinutes(41));
        held(console, bolt, "BM-2207", "Priya", "Sharma", "priya.sharma@example.com", "12345", "United Kingdom",
                Map.of(), Duration.ofHours(26));
        held(console, north, "NW-3310", "Chen", "Wei", "chen.wei@example.com", "+5511987654321", "Brazil",
                Map.of(), Duration.ofMinutes(310));
        held(console, bolt, "BM-2210", "R2D2", "Smith", "r2@example.com", "+447700900123", "United Kingdom",
                Map.of(), Duration.ofHours(75));
        held(console, acme, "ACME-1060", "Aiko", "Tanaka", "aiko.tanaka@example.com", "+4915112345679", "Germany",
                Map.of("capital_available", "lots"), Duration.ofMinutes(15));
        held(console, north, "NW-3318", "Mateo", "García", "mateo.garcia@example.com", "+34612345678", "Spain",
                Map.of("trading_experience", "guru"), Duration.ofMinutes(545));
        held(console, acme, "ACME-1062", "Amara", "Okafor", "amara@", "", "Ireland", Map.of(),
                Duration.ofMinutes(50));
        held(console, bolt, "BM-2215", "Noah", "Jones", "noah.jones@example.com", "+442079460388", "India",
                Map.of(), Duration.ofHours(30));
        held(console, north, "NW-3322", "Léa", "Martin", "lea.martin@yopmail.com", "+33612345678", "France",
                Map.of("capital_available", "5000-10000"), Duration.ofMinutes(7));
        held(console, acme, "ACME-1070", "Kwame", "Mensah", "kwame.mensah@example.com", "+44207946", "United Kingdom",
                Map.of(), Duration.ofMinutes(70));
        held(console, bolt, "BM-2220", "Siobhán", "Murphy", "siobhan.murphy@example.com", "+525512345678", "Mexico",
                Map.of(), Duration.ofHours(50));
        held(console, acme, "ACME-1071", "Olu", "Adeyemi", "olu.adeyemi@example.com", "", "India",
                Map.of("trustedform_cert_url", "https://cert.trustedform.com/8a1f"), Duration.ofMinutes(3));
        String[][] good = {{"ACME-1080", "Ivan", "Petrov"}, {"BM-2230", "Fatima", "Haddad"},
            {"NW-3330", "John", "Smith"}};
        String[] vendors = {acme, bolt, north};
        for (int i = 0; i < good.length; i++) {
            held(console, vendors[i], good[i][0], good[i][1], good[i][2],
                    good[i][1].toLowerCase(java.util.Locale.ROOT) + "@example.com", "+44207946040" + i,
                    "United Kingdom", Map.of("trading_experience", "advanced"), Duration.ofMinutes(20 + i));
        }
        return 13;
    }

    private static void held(InMemoryConsole console, String vendorId, String leadId, String first, String last,
                             String email, String phone, String country, Map<String, String> extra, Duration age) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("first_name", first);
        f.put("last_name", last);
        f.put("email", email);
        if (!phone.isEmpty()) {
            f.put("phone", phone);
        }
        f.put("country", country);
        f.putAll(extra);
        console.storeJudged(vendorId, leadId, f, NOW.minus(age));
    }
}
