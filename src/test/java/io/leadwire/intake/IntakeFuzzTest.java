package io.leadwire.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.app.Engine;
import io.leadwire.app.EngineConfig;
import io.leadwire.testing.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Throws generated and mutated payloads at a real intake over HTTP: broken JSON, deep nesting,
 * huge strings, odd Unicode, wrong types, wrong encodings, form and XML variants (XXE included),
 * wrong content types. Whatever arrives, the answer is a 2xx or a problem+json 4xx, in time.
 */
class IntakeFuzzTest {
    /** 2,500 tries of 4 concurrent requests: 10,000 payloads. */
    private static final int TRIES = 2_500;
    private static final int PER_TRY = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path dataDir;
    private static Engine engine;
    private static String key;
    private static Http http;
    private static final AtomicInteger answered = new AtomicInteger();
    private static final Map<Integer, AtomicInteger> byStatus = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeContainer
    static void startEngine() throws IOException {
        dataDir = Files.createTempDirectory("leadwire-fuzz");
        engine = Engine.start(new EngineConfig(dataDir, "127.0.0.1", 0, null, null, null, 65536), "fuzz",
                Clock.systemUTC());
        key = engine.vendors().add("Fuzzer", List.of()).apiKey();
        http = new Http();
    }

    @AfterContainer
    static void stopEngine() throws IOException {
        engine.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertThat(answered.get()).as("payloads answered (by status: %s)", byStatus).isGreaterThanOrEqualTo(10_000);
        assertThat(byStatus.keySet()).as("the fuzz reached acceptance and refusals")
                .contains(200, 202, 400, 401, 413, 415);
    }

    /** One request: a content type (null for none), the body bytes, and how it was made. */
    record FuzzCase(String kind, String contentType, byte[] body, boolean mustRefuse, Auth auth) {
        @Override
        public String toString() {
            String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
            return kind + " [" + contentType + ", " + auth + "] " + body.length + " bytes: " + text;
        }

        FuzzCase with(Auth a) {
            return new FuzzCase(kind, contentType, body, mustRefuse || a.refused, a);
        }
    }

    /** How the request carries the key; most carry it right, some do not. */
    enum Auth {
        BEARER(false), X_API_KEY(false), BEARER_LOWERCASE_PADDED(false), NONE(true), WRONG_KEY(true),
        BASIC(true), EMPTY_BEARER(true);

        final boolean refused;

        Auth(boolean refused) {
            this.refused = refused;
        }

        HttpRequest.Builder apply(HttpRequest.Builder b) {
            switch (this) {
                case BEARER:
                    return b.header("Authorization", "Bearer " + key);
                case X_API_KEY:
                    return b.header("X-API-Key", key);
                case BEARER_LOWERCASE_PADDED:
                    return b.header("Authorization", "bearer   " + key + "  ");
                case WRONG_KEY:
                    return b.header("Authorization", "Bearer " + key.substring(0, key.length() - 1) + "x");
                case BASIC:
                    return b.header("Authorization", "Basic dXNlcjpwYXNz");
                case EMPTY_BEARER:
                    return b.header("Authorization", "Bearer ");
                default:
                    return b;
            }
        }
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void shouldAnswer2xxOrProblemJson4xxWhenGivenGeneratedAndMutatedPayloads(
            @ForAll("batches") List<FuzzCase> batch) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (FuzzCase c : batch) {
            pending.add(http.client().sendAsync(
                    c.auth().apply(Http.request(engine.intakeUrl(), null, c.contentType(), c.body())).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < batch.size(); i++) {
            FuzzCase c = batch.get(i);
            HttpResponse<String> r;
            try {
                r = pending.get(i).get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new AssertionError("no answer to " + c + ": " + e, e);
            }
            check(c, r);
            answered.incrementAndGet();
            byStatus.computeIfAbsent(r.statusCode(), s -> new AtomicInteger()).incrementAndGet();
        }
    }

    private static void check(FuzzCase c, HttpResponse<String> r) {
        int status = r.statusCode();
        String where = c + " -> " + status + " " + r.body();
        assertThat(status).as(where).isBetween(200, 499);
        if (status < 300) {
            assertThat(c.mustRefuse()).as("accepted what must be refused: %s", where).isFalse();
            JsonNode ack = Http.json(r.body());
            assertThat(ack.path("id").asText()).as(where).isNotBlank();
            assertThat(ack.path("lead_id").asText()).as(where).isNotEmpty();
            assertThat(ack.path("status").asText()).as(where).isIn("received", "duplicate");
        } else {
            assertThat(status).as(where).isGreaterThanOrEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).as(where).get().asString()
                    .startsWith("application/problem+json");
            JsonNode p = Http.json(r.body());
            assertThat(p.path("status").asInt()).as(where).isEqualTo(status);
            assertThat(p.path("reason").asText()).as(where).isNotBlank();
            assertThat(p.path("type").asText()).as(where).startsWith("urn:leadwire:problem:");
            assertThat(p.path("title").asText()).as(where).isNotBlank();
            assertThat(p.path("detail").asText()).as(where).isNotBlank();
        }
    }

    // ---- generators ------------------------------------------------------------------------

    private static final String[] ODD = {"\u202E", "\u200F", "\u200B", "\uFEFF", "\u0000", "\uD83D\uDE00",
        "\uD83C\uDDEC\uD83C\uDDE7", "e\u0301", "\uFFFF", "\uFFFD", "\u2028", "\u0085", "\\", "\"", "<", "&", "%",
        "María-José", "Øyvind", "渡辺", "محمد", "\t", "\n"};
    /** JSON escapes, including lone surrogates that only an escape can carry. */
    private static final String[] ODD_ESCAPES = {"\\u202E", "\\u0000", "\\uD800", "\\uDFFF", "\\uDBFF\\uDFFF",
        "\\uD83D\\uDE00", "\\uFFFE", "\\u001F", "\\uDE00\\uD83D", "\\\\", "\\/", "\\\""};
    private static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=utf-8",
        "application/x-www-form-urlencoded", "application/xml", "text/xml", "text/plain", "application/octet-stream",
        "application/json; charset=iso-8859-1", "application/json; charset=utf-16", "application/json; charset=",
        "application/json;;;", "APPLICATION/JSON; CHARSET=\"UTF-8\"", "application/problem+json", "*/*", "json",
        "application/xml; charset=us-ascii", "application/x-www-form-urlencoded; charset=koi8-r",
        "multipart/form-data; boundary=----x", "application/json; charset=\"", "application/" + "x".repeat(500)};

    @Provide
    Arbitrary<List<FuzzCase>> batches() {
        return fuzzCase().list().ofSize(PER_TRY);
    }

    private Arbitrary<FuzzCase> fuzzCase() {
        Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.strings().alpha().numeric().withChars("-_.@+ ").ofMaxLength(30),
                Arbitraries.strings().all().ofMaxLength(30),
                Arbitraries.of(ODD));
        Arbitrary<String> leadId = Arbitraries.oneOf(
                Arbitraries.strings().alpha().numeric().withChars("-_").ofMinLength(1).ofMaxLength(24),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(24),
                Arbitraries.strings().numeric().ofLength(201),
                Arbitraries.of("", " ", "\u0000", "\uD800", "null", "true"));
        Arbitrary<Map<String, String>> extra = Arbitraries.maps(
                Arbitraries.strings().all().ofMaxLength(12), text).ofMaxSize(5);
        Arbitrary<Map<String, String>> lead = Combinators.combine(leadId, text, text, extra).as((id, name, mail, x) -> {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("lead_id", id);
            m.put("first_name", name);
            m.put("email", mail);
            m.putAll(x);
            return m;
        });
        Arbitrary<Auth> auth = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(40, Arbitraries.just(Auth.BEARER)),
                net.jqwik.api.Tuple.of(3, Arbitraries.of(Auth.class)));
        return Combinators.combine(lead, Arbitraries.integers().between(0, 27), Arbitraries.randoms(), auth)
                .as((l, kind, random, a) -> build(l, kind, random).with(a));
    }

    private static FuzzCase build(Map<String, String> lead, int kind, Random random) {
        byte[] json = json(lead);
        String ct = "application/json";
        switch (kind) {
            case 0:
                return new FuzzCase("valid json", ct, json, false, Auth.BEARER);
            case 1:
                return new FuzzCase("truncated json", ct, java.util.Arrays.copyOf(json, random.nextInt(json.length)),
                        false, Auth.BEARER);
            case 2:
                return new FuzzCase("byte flips", ct, flip(json, random), false, Auth.BEARER);
            case 3:
                return new FuzzCase("invalid utf-8", ct, insert(json, random, invalidUtf8(random)), false, Auth.BEARER);
            case 4:
                return new FuzzCase("deep nesting", ct, deep(random, 14 + random.nextInt(random.nextBoolean()
                        ? 10 : 3_000)), false, Auth.BEARER);
            case 5:
                return new FuzzCase("huge string", ct, huge(lead, random), false, Auth.BEARER);
            case 6:
                return new FuzzCase("odd unicode escapes", ct, oddEscapes(random), false, Auth.BEARER);
            case 7:
                return new FuzzCase("wrong types", ct, wrongTypes(random), false, Auth.BEARER);
            case 8:
                return new FuzzCase("top-level non-object", ct, utf8(pick(random, "[" + new String(json,
                        StandardCharsets.UTF_8) + "]", "[]", "\"lead\"", "42", "null", "true", "", " \n",
                        "{}", "{\"\":\"\"}", "[[[[[[]]]]]]")), false, Auth.BEARER);
            case 9:
                return new FuzzCase("numeric lead_id", ct, utf8("{\"lead_id\":" + pick(random, "12345",
                        "-0", "1.5e300", "1e999999", "0.0000000001", "123456789012345678901234567890",
                        "9".repeat(150), "-1", "0x1F", "NaN", "Infinity", "01") + ",\"email\":\"n@example.com\"}"),
                        false, Auth.BEARER);
            case 10:
                return new FuzzCase("form", "application/x-www-form-urlencoded", form(lead), false, Auth.BEARER);
            case 11:
                return new FuzzCase("broken form", "application/x-www-form-urlencoded", utf8(pick(random,
                        "lead_id=A&x=%", "lead_id=A&x=%ZZ", "lead_id=%E2%82", "lead_id=%FF%FE", "=&=&&",
                        "lead_id", "lead_id=&lead_id=B", "%00=%00", "lead_id=" + "%41".repeat(20_000),
                        "lead_id=A&" + "k=v&".repeat(600))), false, Auth.BEARER);
            case 12:
                return new FuzzCase("xml", pick(random, "application/xml", "text/xml"), xml(lead), false, Auth.BEARER);
            case 13:
                return new FuzzCase("xml with dtd", "application/xml", xxe(random), true, Auth.BEARER);
            case 14:
                return new FuzzCase("broken xml", "application/xml", utf8(pick(random, "<lead>",
                        "<lead><lead_id>A</lead>", "<lead><lead_id>A</lead_id><lead_id>B</lead_id></lead>",
                        "<lead><lead_id><x>1</x></lead_id></lead>", "<?xml version=\"9\"?><lead/>",
                        "<lead xmlns:a=\"urn:a\"><a:lead_id>A</a:lead_id></lead>",
                        "<lead><lead_id><![CDATA[C-1]]></lead_id></lead>", "<?pi x?><lead><lead_id>P</lead_id></lead>",
                        "<lead lead_id=\"attr\"/>", "<lead>" + "<a>".repeat(5_000) + "</lead>",
                        "<lead><lead_id>&amp;&lt;&#0;</lead_id></lead>", "<lead><lead_id>&#xD800;</lead_id></lead>",
                        "not xml at all", "")), false, Auth.BEARER);
            case 15:
                return new FuzzCase("xml byte flips", "application/xml", flip(xml(lead), random), false, Auth.BEARER);
            case 16:
                return new FuzzCase("odd content type", pick(random, CONTENT_TYPES), json, false, Auth.BEARER);
            case 17:
                return new FuzzCase("no content type", null, json, false, Auth.BEARER);
            case 18:
                return new FuzzCase("random bytes", pick(random, CONTENT_TYPES), randomBytes(random), false,
                        Auth.BEARER);
            case 19:
                return new FuzzCase("latin-1 body", ct, new String(json, StandardCharsets.UTF_8)
                        .concat(" ").replace("}", ",\"n\":\"Mar\u00eda\"}").getBytes(StandardCharsets.ISO_8859_1),
                        false, Auth.BEARER);
            case 20:
                return new FuzzCase("utf-16 body", pick(random, ct, "application/json; charset=utf-16"),
                        new String(json, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16), false, Auth.BEARER);
            case 21:
                return new FuzzCase("keys with spaces and duplicates", ct, utf8("{\" lead_id \":\"S-"
                        + random.nextInt(1_000) + "\",\"lead_id\":\"S2\",\" email\":{},\"\":1,\"email \":[]}"), false,
                        Auth.BEARER);
            case 22:
                return new FuzzCase("many fields", ct, manyFields(random), false, Auth.BEARER);
            case 23:
                return new FuzzCase("trailing garbage", ct, concat(json, utf8(pick(random, "}", "{}", "x", ",",
                        "\u0000", "]", "/*c*/", "//"))), false, Auth.BEARER);
            case 24:
                return new FuzzCase("json comments and quirks", ct, utf8(pick(random,
                        "{'lead_id':'Q'}", "{lead_id:\"Q\"}", "{\"lead_id\":\"Q\",}", "{\"lead_id\":\"Q\" /*c*/}",
                        "\uFEFF{\"lead_id\":\"BOM\"}", "{\"lead_id\":\"Q\"\u0000}", "{\"lead_id\":\"tab\there\"}",
                        "{\"lead_id\":\"\\x41\"}", "{\"lead_id\":\"\\u12\"}")), false, Auth.BEARER);
            case 25:
                return new FuzzCase("over the limit", ct, concat(utf8("{\"lead_id\":\"O\",\"x\":\""),
                        utf8("o".repeat(65_536 + random.nextInt(8_000))), utf8("\"}")), false, Auth.BEARER);
            case 26:
                return new FuzzCase("raw odd unicode", ct, json(Map.of("lead_id", "U-" + pick(random, ODD)
                        + random.nextInt(), "first_name", String.join("", ODD))), false, Auth.BEARER);
            default:
                int depth = 17 + random.nextInt(400);
                return new FuzzCase("deep xml", "application/xml", utf8("<lead><lead_id>X</lead_id>"
                        + "<a>".repeat(depth) + "v" + "</a>".repeat(random.nextBoolean() ? depth : 0) + "</lead>"),
                        false, Auth.BEARER);
        }
    }

    private static byte[] json(Map<String, String> lead) {
        try {
            return JSON.writeValueAsBytes(lead);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] form(Map<String, String> lead) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : lead.entrySet()) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        return utf8(sb.toString());
    }

    private static byte[] xml(Map<String, String> lead) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><lead>");
        for (Map.Entry<String, String> e : lead.entrySet()) {
            String name = e.getKey().matches("[A-Za-z_][A-Za-z0-9_.-]*") ? e.getKey() : "f";
            sb.append('<').append(name).append('>').append(escapeXml(e.getValue())).append("</").append(name)
                    .append('>');
        }
        return utf8(sb.append("</lead>").toString());
    }

    private static String escapeXml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static byte[] xxe(Random random) {
        String doctype = pick(random,
                "<!DOCTYPE lead [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>",
                "<!DOCTYPE lead [<!ENTITY x SYSTEM \"http://127.0.0.1:1/x\">]>",
                "<!DOCTYPE lead [<!ENTITY % p SYSTEM \"file:///etc/hostname\"> %p;]>",
                "<!DOCTYPE lead SYSTEM \"http://127.0.0.1:1/lead.dtd\">",
                "<!DOCTYPE lead [<!ENTITY x \"inner\">]>",
                "<!DOCTYPE lead [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                        + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY x \"&c;&c;&c;&c;&c;&c;&c;&c;\">]>");
        return utf8("<?xml version=\"1.0\"?>" + doctype + "<lead><lead_id>XXE-" + random.nextInt(1_000)
                + "</lead_id><first_name>&x;</first_name></lead>");
    }

    private static byte[] deep(Random random, int depth) {
        String open;
        String close;
        if (random.nextBoolean()) {
            open = "[";
            close = "]";
        } else {
            open = "{\"k\":";
            close = "}";
        }
        String body = "{\"lead_id\":\"DEEP-" + random.nextInt(1_000) + "\",\"x\":" + open.repeat(depth) + "1"
                + close.repeat(random.nextInt(4) == 0 ? depth / 2 : depth) + "}";
        return utf8(body);
    }

    private static byte[] huge(Map<String, String> lead, Random random) {
        Map<String, String> big = new LinkedHashMap<>(lead);
        String unit = pick(random, "a", "é", "\uD83D\uDE00", "\u0000", "\"");
        big.put("notes", unit.repeat((60_000 + random.nextInt(10_000)) / unit.getBytes(StandardCharsets.UTF_8).length));
        return json(big);
    }

    private static byte[] oddEscapes(Random random) {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < 1 + random.nextInt(8); i++) {
            name.append(pick(random, ODD_ESCAPES));
        }
        String id = random.nextBoolean() ? "ODD-" + random.nextInt(100_000) : name.toString();
        return utf8("{\"lead_id\":\"" + id + "\",\"first_name\":\"" + name + "\",\"" + name + "\":\"" + name
                + "\"}");
    }

    private static byte[] wrongTypes(Random random) {
        String value = pick(random, "true", "false", "null", "{}", "[]", "{\"a\":1}", "[\"A-1\"]", "1.0", "\"\"");
        String field = pick(random, "lead_id", "email", "phone", "first_name", "country", "custom");
        String leadId = field.equals("lead_id") ? value : "\"WT-" + random.nextInt(100_000) + "\"";
        return utf8("{\"lead_id\":" + leadId + (field.equals("lead_id") ? "" : ",\"" + field + "\":" + value) + "}");
    }

    private static byte[] manyFields(Random random) {
        StringBuilder sb = new StringBuilder("{\"lead_id\":\"MF-" + random.nextInt(100_000) + "\"");
        int n = 450 + random.nextInt(150);
        for (int i = 0; i < n; i++) {
            sb.append(",\"f").append(i).append("\":").append(i);
        }
        return utf8(sb.append('}').toString());
    }

    private static byte[] flip(byte[] in, Random random) {
        byte[] out = in.clone();
        if (out.length == 0) {
            return out;
        }
        for (int i = 0; i < 1 + random.nextInt(4); i++) {
            out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        }
        return out;
    }

    private static byte[] invalidUtf8(Random random) {
        return pick(random, new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xFE},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xC0, (byte) 0xAF},
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xE2, (byte) 0x82},
                new byte[] {(byte) 0x80});
    }

    private static byte[] insert(byte[] in, Random random, byte[] bytes) {
        int at = in.length == 0 ? 0 : random.nextInt(in.length);
        return concat(java.util.Arrays.copyOf(in, at), bytes, java.util.Arrays.copyOfRange(in, at, in.length));
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(2_000)];
        random.nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... options) {
        return options[random.nextInt(options.length)];
    }
}
