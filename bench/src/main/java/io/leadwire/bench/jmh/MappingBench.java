package io.leadwire.bench.jmh;

import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import io.leadwire.mapping.Mapping;
import io.leadwire.mapping.MappingEngine;
import io.leadwire.mapping.MappingParser;
import io.leadwire.mapping.RenderedPayload;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Render throughput of the buyer mapping engine, one thread: {@code MappingEngine.render(lead, mapping)}
 * with a compiled mapping (parsing is done once in setup, as the engine does when a mapping is saved).
 * The lead is taken from a small pool of 16 insurance-shaped leads so that the JIT cannot fold one input;
 * their fields are trimmed, as the intake stores them, but mixed-case so trim/title/upper/lower do work.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MappingBench {
    private static final String[] FIRST = {"john", "María-José", "aiko", "Olu", "siobhán", "Lukas", "priya", "Chen"};
    private static final String[] LAST = {"Smith", "O'Neil", "Tanaka", "Adeyemi", "Murphy", "Müller", "Sharma", "Wei"};
    private static final String[] STATE = {"tx", "CA", "ny", "FL", "wa", "IL", "oh", "GA"};
    private static final String[] GENDER = {"male", "Female", "female", "MALE", "other"};
    private static final String[] PROPERTY = {"single_family", "condo", "townhouse", "mobile", "farm"};
    private static final String[] PHONE = {"(512) 555-0147", "512-555-0198", "+1 415 555 0101", "2125550123"};

    private final MappingEngine engine =
            new MappingEngine(Clock.fixed(Instant.parse("2026-11-25T05:00:00Z"), ZoneOffset.UTC));
    private Mapping twentyFieldJson;
    private Mapping buyerAbcForm;
    private Mapping soapBuyerXml;
    private Mapping templateJson;
    private Lead[] leads;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        MappingParser parser = new MappingParser();
        twentyFieldJson = parser.parse(resource("/mappings/twenty-field.mapping.json"));
        buyerAbcForm = parser.parse(Files.readString(Path.of("docs/examples/buyer-abc.mapping.json")));
        soapBuyerXml = parser.parse(Files.readString(Path.of("docs/examples/soap-buyer.mapping.json")));
        templateJson = parser.parseFile(Path.of("docs/examples/template-buyer.mapping.json"));
        leads = new Lead[16];
        for (int i = 0; i < leads.length; i++) {
            leads[i] = lead(i);
        }
        // Every lead must map without errors, otherwise the benchmark measures the error path.
        for (Lead l : leads) {
            for (Mapping m : new Mapping[] {twentyFieldJson, buyerAbcForm, soapBuyerXml, templateJson}) {
                RenderedPayload p = engine.render(l, m);
                if (!p.ok()) {
                    throw new IllegalStateException(m.name() + ": " + p.errors());
                }
            }
        }
        RenderedPayload sample = engine.render(leads[1], twentyFieldJson);
        if (sample.fieldValues().size() != 20) {
            throw new IllegalStateException("expected 20 filled fields, got " + sample.fieldValues());
        }
        if (Boolean.getBoolean("bench.printSample")) {
            System.out.println(sample.body());
        }
    }

    static Lead lead(int i) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("lead_id", "fx-" + (100000 + i));
        f.put("first_name", FIRST[i % FIRST.length]);
        f.put("last_name", LAST[(i * 3) % LAST.length]);
        f.put("email", FIRST[i % FIRST.length] + "." + i + "@Example.com");
        f.put("phone_primary", PHONE[i % PHONE.length]);
        f.put("dob", (1950 + i * 3) + "-0" + (1 + i % 9) + "-1" + (i % 10));
        f.put("gender", GENDER[i % GENDER.length]);
        f.put("street", (100 + i) + " Main St");
        f.put("city", "austin");
        f.put("state", STATE[i % STATE.length]);
        f.put("zip", i % 2 == 0 ? "78701" : "78701-1234");
        f.put("homeowner", i % 3 == 0 ? "0" : "1");
        f.put("property_type", PROPERTY[i % PROPERTY.length]);
        f.put("currently_insured", i % 2 == 0 ? "yes" : "no");
        f.put("coverage_amount", "$" + (100 + i) + ",000");
        f.put("tcpa_consent", "true");
        f.put("country", "United States");
        f.put("ip_address", "198.51.100." + (10 + i));
        return new Lead(i + 1, "00000000-0000-7000-8000-0000000000" + (10 + i), "bench-vendor", f.get("lead_id"),
                Instant.parse("2026-11-25T04:59:00Z"), LeadStatus.RECEIVED, "application/json", "{}", f,
                f.get("ip_address"));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = MappingBench.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Lead nextLead() {
        Lead l = leads[next];
        next = (next + 1) & 15;
        return l;
    }

    /** The case: 20-field nested JSON mapping. */
    @Benchmark
    public RenderedPayload json20() {
        return engine.render(nextLead(), twentyFieldJson);
    }

    /** docs/examples/buyer-abc.mapping.json: 6 flat form fields (phone national, translate, date). */
    @Benchmark
    public RenderedPayload formBuyerAbc6() {
        return engine.render(nextLead(), buyerAbcForm);
    }

    /** docs/examples/soap-buyer.mapping.json: 9 fields in a SOAP 1.1 envelope (XML via StAX, sha256, age). */
    @Benchmark
    public RenderedPayload soapXmlBuyer9() {
        return engine.render(nextLead(), soapBuyerXml);
    }

    /** docs/examples/template-buyer.mapping.json: a Pebble whole-body JSON template (escaping, filters, read-back). */
    @Benchmark
    public RenderedPayload templateJson() {
        return engine.render(nextLead(), templateJson);
    }
}
