package io.leadwire.app;

import static io.leadwire.app.CliTest.leadwire;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.testing.Http;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code leadwire mapping preview}, with the example buyers shipped in docs/examples. */
class MappingPreviewCliTest {
    private static final String BUYER_ABC = "docs/examples/buyer-abc.mapping.json";

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void shouldPrintExactlyTheBuyersBodyWhenTheLeadMapsCleanly() throws IOException {
        Path lead = file("insurance-us.json", Http.resource("/leads/insurance-us.json"));

        CliTest.Run r = leadwire("mapping", "preview", "--buyer", BUYER_ABC, "--lead", lead.toString(),
                "--spec", "docs/examples/buyer-abc.spec.json");

        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("FName=Mar%C3%ADa-Jos%C3%A9&LName=O%27Neil&PhoneNumber=5125550147&ST=TX"
                + "&Homeowner=Yes&DateOfBirth=03%2F15%2F1984");
    }

    @Test
    void shouldNameEachFieldOnStderrAndExitNonZeroWhenRequiredValuesAreMissing() throws IOException {
        Path lead = file("forex-uk.json", Http.resource("/leads/forex-uk.json"));

        CliTest.Run r = leadwire("mapping", "preview", "--buyer", BUYER_ABC, "--lead", lead.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("PhoneNumber").contains("ST");
    }

    @Test
    void shouldListTheMappingsProblemsWhenTheBuyerFileIsBroken() throws IOException {
        Path buyer = file("broken.mapping.json", "{\"format\":\"form\",\"fields\":[{\"target\":\"ST\","
                + "\"source\":\"state\",\"transforms\":[{\"op\":\"uper\"}]}]}");
        Path lead = file("insurance-us.json", Http.resource("/leads/insurance-us.json"));

        CliTest.Run r = leadwire("mapping", "preview", "--buyer", buyer.toString(), "--lead", lead.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("broken.mapping.json").contains("ST").contains("uper");
    }

    @Test
    void shouldAnswerAsTheIntakeWouldWhenTheLeadItselfIsRefused() throws IOException {
        Path lead = file("no-id.json", "{\"first_name\":\"Ann\"}");

        CliTest.Run r = leadwire("mapping", "preview", "--buyer", BUYER_ABC, "--lead", lead.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no-id.json").contains("lead_id");
    }

    @Test
    void shouldRenderASoapEnvelopeWithTextIntactWhenTheBuyerIsSoap() throws IOException {
        Path lead = file("insurance-us.json", Http.resource("/leads/insurance-us.json"));

        CliTest.Run r = leadwire("mapping", "preview", "--buyer", "docs/examples/soap-buyer.mapping.json", "--lead",
                lead.toString());

        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("<?xml").contains("soap:Envelope").contains("<FirstName>María-José</FirstName>");
    }

    @Test
    void shouldPrintWholeRequestWithSecretsMaskedWhenRequestIsAsked() throws IOException {
        Path lead = file("insurance-us.json", Http.resource("/leads/insurance-us.json"));

        CliTest.Run r = leadwire("mapping", "preview", "--buyer", "docs/examples/template-buyer.mapping.json",
                "--lead", lead.toString(), "--request");

        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("POST https://api.template-buyer.example/v1/leads?campaign=INS-77 HTTP/1.1\n"
                + "Content-Type: application/json; charset=utf-8\nAuthorization: Bearer ••••\nX-Vendor: leadwire\n"
                + "Content-Length: ").contains("\n\n{\n  \"ref\": \"INS-77-000981\",").doesNotContain("${secret");
    }

    @Test
    void shouldNameLineAndColumnWhenBuyerTemplateHasAnUnknownFilter() throws IOException {
        Path buyer = file("typo.mapping.json", "{\"format\":\"json\",\"mode\":\"template\","
                + "\"template\":[\"{\", \"  \\\"p\\\": \\\"{{ phone | e165 }}\\\"\", \"}\"]}");
        Path lead = file("insurance-us.json", Http.resource("/leads/insurance-us.json"));

        CliTest.Run r = leadwire("mapping", "preview", "--buyer", buyer.toString(), "--lead", lead.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("typo.mapping.json: template: line 2, column 20: unknown filter 'e165'"
                + System.lineSeparator());
    }

    @Test
    void shouldValidateRenderedTemplateBodyWhenSpecIsGiven() throws IOException {
        Path lead = file("insurance-us.json", Http.resource("/leads/insurance-us.json"));
        Path spec = file("template.spec.json", "{\"type\": \"object\", \"properties\": {"
                + "\"ref\": {\"type\": \"string\"}, \"campaign\": {\"type\": \"string\"}, \"applicant.name\": {\"type\": \"string\", \"maxLength\": 10},"
                + "\"applicant.phone\": {\"type\": \"string\", \"pattern\": \"^\\\\+1[0-9]{10}$\"}},"
                + " \"required\": [\"ref\", \"applicant.name\", \"applicant.phone\", \"campaign\"]}");

        CliTest.Run r = leadwire("mapping", "preview", "--buyer", "docs/examples/template-buyer.mapping.json",
                "--lead", lead.toString(), "--spec", spec.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("error: applicant.name: is longer than 10 characters")
                .contains("error: campaign: is required but has no value")
                .contains("error: applicant.dob: is not a field of the buyer spec")
                .doesNotContain("applicant.phone:");
    }
}
