package io.leadwire.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.lead.Lead;
import io.leadwire.mapping.spec.BuyerSpec;
import io.leadwire.mapping.spec.BuyerSpecParser;
import io.leadwire.mapping.spec.MappingValidator;
import io.leadwire.mapping.spec.PayloadValidator;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example mappings under docs/examples, applied to the shared fixture leads. */
class ExampleMappingsTest {

    private final MappingEngine engine = new MappingEngine(TestLeads.CLOCK);
    private final Lead insurance = TestLeads.fromResource("/leads/insurance-us.json");
    private final Lead john = TestLeads.lead(Map.of("first_name", "John", "last_name", "Doe", "street", "123 Main",
            "city", "Austin", "state", "TX", "phone", "(512) 555-0100", "email", " John.Doe@Example.com "));

    @Test
    void shouldEncodeApostropheWhenUrlEncoding() {
        assertThat(URLEncoder.encode("O'Neil", StandardCharsets.UTF_8)).isEqualTo("O%27Neil");
    }

    @Test
    void shouldRenderBuyerAbcBodyExactlyWhenMappingInsuranceLead() {
        RenderedPayload payload = engine.render(insurance, TestLeads.mappingFile("docs/examples/buyer-abc.mapping.json"));

        assertThat(payload.errors()).isEmpty();
        assertThat(payload.warnings()).isEmpty();
        assertThat(payload.contentType()).isEqualTo("application/x-www-form-urlencoded; charset=utf-8");
        assertThat(payload.body()).isEqualTo("FName=Mar%C3%ADa-Jos%C3%A9&LName=O%27Neil&PhoneNumber=5125550147"
                + "&ST=TX&Homeowner=Yes&DateOfBirth=03%2F15%2F1984");
        assertThat(payload.fieldValues()).containsExactly(Map.entry("FName", "María-José"),
                Map.entry("LName", "O'Neil"), Map.entry("PhoneNumber", "5125550147"), Map.entry("ST", "TX"),
                Map.entry("Homeowner", "Yes"), Map.entry("DateOfBirth", "03/15/1984"));
    }

    @Test
    void shouldFitBuyerAbcSpecWhenValidatingMappingAndPayload() throws IOException {
        Mapping mapping = TestLeads.mappingFile("docs/examples/buyer-abc.mapping.json");
        BuyerSpec spec = new BuyerSpecParser().importJsonSchema(
                Files.readString(Path.of("docs/examples/buyer-abc.spec.json")));

        assertThat(new MappingValidator().validate(mapping, spec)).isEmpty();
        assertThat(new PayloadValidator().validate(engine.render(insurance, mapping).fieldValues(), spec)).isEmpty();
    }

    @Test
    void shouldRenderNestedObjectsWhenMappingNestedApplicant() {
        RenderedPayload payload = engine.render(john,
                TestLeads.mappingFile("docs/examples/nested-applicant.mapping.json"));

        assertThat(payload.errors()).isEmpty();
        assertThat(payload.contentType()).isEqualTo("application/json; charset=utf-8");
        assertThat(payload.body()).isEqualTo("{\"applicant\":{\"name\":{\"first\":\"John\",\"last\":\"Doe\"}},"
                + "\"address\":{\"street\":\"123 Main\",\"city\":\"Austin\",\"state\":\"TX\"}}");
    }

    @Test
    void shouldRenderIndexedArraysWhenMappingIndexedPaths() {
        RenderedPayload payload = engine.render(john, TestLeads.mappingFile("docs/examples/nested-indexed.mapping.json"));

        assertThat(payload.errors()).isEmpty();
        assertThat(payload.body()).isEqualTo("{\"lead\":{\"contact\":{\"firstName\":\"John\",\"lastName\":\"Doe\","
                + "\"phones\":[{\"number\":\"+15125550100\"}],\"emails\":[{\"address\":\"john.doe@example.com\"}]},"
                + "\"address\":{\"state\":\"TX\"}}}");
    }

    @Test
    void shouldWrapInSoap11EnvelopeWhenMappingSoapBuyer() {
        RenderedPayload payload = engine.render(insurance, TestLeads.mappingFile("docs/examples/soap-buyer.mapping.json"));

        assertThat(payload.errors()).isEmpty();
        assertThat(payload.contentType()).isEqualTo("text/xml; charset=utf-8");
        assertThat(payload.headers()).containsExactly(Map.entry("SOAPAction", "\"urn:example:leads/SubmitLead\""));
        assertThat(payload.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                + "<SubmitLead xmlns=\"urn:example:leads\" source=\"leadwire\">"
                + "<Applicant><FirstName>María-José</FirstName><LastName>O'Neil</LastName>"
                + "<Phone>+15125550147</Phone>"
                + "<EmailHash>" + Transforms256.sha256Hex("mj.oneil@example.org") + "</EmailHash>"
                + "<Age>42</Age></Applicant>"
                + "<Address><State>TX</State><Zip>78701</Zip></Address>"
                + "<Homeowner>true</Homeowner>"
                + "</SubmitLead></soap:Body></soap:Envelope>");
    }

    @Test
    void shouldRenderTemplateBuyerBodyExactlyWhenMappingInsuranceLead() {
        Mapping mapping = TestLeads.mappingFile("docs/examples/template-buyer.mapping.json");
        RenderedPayload payload = engine.render(insurance, mapping);

        assertThat(mapping.templateMode()).isTrue();
        assertThat(payload.errors()).isEmpty();
        assertThat(payload.warnings()).isEmpty();
        assertThat(payload.contentType()).isEqualTo("application/json; charset=utf-8");
        assertThat(payload.body()).isEqualTo(String.join("\n",
                "{",
                "  \"ref\": \"INS-77-000981\",",
                "  \"applicant\": {",
                "    \"name\": \"María-José O'Neil\",",
                "    \"phone\": \"+15125550147\",",
                "    \"phoneDisplay\": \"(512) 555-0147\",",
                "    \"emailSha256\": \"" + Transforms256.sha256Hex("mj.oneil@example.org") + "\",",
                "    \"dob\": \"03/15/1984\",",
                "    \"age\": 42",
                "  },",
                "  \"address\": \"123 Main St, Austin, TX 78701\",",
                "  \"homeowner\": \"Yes\",",
                "  \"consent\": {\"trustedForm\": "
                        + "\"https://cert.trustedform.com/2f0c1e1e5b7a4d3c9a8b7c6d5e4f3a2b1c0d9e8f\"}",
                "}"));
        assertThat(payload.fieldValues()).containsEntry("applicant.age", "42").containsEntry("homeowner", "Yes");
    }

    @Test
    void shouldLeaveOutOptionalBlockWhenTemplateLeadLacksIt() {
        Map<String, String> fields = new java.util.LinkedHashMap<>(insurance.fields());
        fields.remove("trustedform_cert_url");
        fields.remove("dob");
        RenderedPayload payload = engine.render(fields, TestLeads.mappingFile("docs/examples/template-buyer.mapping.json"));

        assertThat(payload.errors()).isEmpty();
        assertThat(payload.body()).doesNotContain("consent").contains("\"age\": null").contains("\"dob\": \"\"");
    }

    @Test
    void shouldShowExactRequestWithMaskedSecretWhenPreviewingTemplateBuyer() {
        Mapping mapping = TestLeads.mappingFile("docs/examples/template-buyer.mapping.json");
        HttpRequestPreview request = PayloadPreview.request(insurance.fields(), mapping, TestLeads.CLOCK);

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.url()).isEqualTo("https://api.template-buyer.example/v1/leads?campaign=INS-77");
        assertThat(request.headers()).containsExactly(
                Map.entry("Content-Type", "application/json; charset=utf-8"),
                Map.entry("Authorization", "Bearer ••••"),
                Map.entry("X-Vendor", "leadwire"),
                Map.entry("Content-Length", Integer.toString(request.body().getBytes(StandardCharsets.UTF_8).length)));
        assertThat(request.toHttpText()).startsWith("POST https://api.template-buyer.example/v1/leads?campaign=INS-77 "
                + "HTTP/1.1\nContent-Type: application/json; charset=utf-8\nAuthorization: Bearer ••••\n")
                .endsWith("\n\n" + request.body());
        assertThat(mapping.request().secretNames()).containsExactly("TEMPLATE_BUYER_TOKEN");
    }
}
