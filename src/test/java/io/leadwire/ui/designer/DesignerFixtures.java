package io.leadwire.ui.designer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Buyer documents for designer tests, built from the examples in docs/examples. */
final class DesignerFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DesignerFixtures() {
    }

    /** Buyer ABC's mapping with its JSON Schema spec attached and an endpoint with a secret header. */
    static String buyerAbc() {
        try {
            ObjectNode doc = (ObjectNode) JSON.readTree(Files.readString(Path.of("docs/examples/buyer-abc.mapping.json")));
            doc.set("spec", JSON.readTree(Files.readString(Path.of("docs/examples/buyer-abc.spec.json"))));
            ObjectNode request = doc.putObject("request");
            request.put("method", "POST");
            request.put("url", "https://leads.buyer-abc.example/v2/post?api_key=${secret:ABC_KEY}");
            request.putObject("headers").put("Authorization", "Bearer ${secret:ABC_TOKEN}");
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON buyer with twenty rules, for the preview refresh measurement. */
    static String twentyFields() {
        StringBuilder fields = new StringBuilder();
        String[][] rules = {
            {"lead.id", "lead_id", "[]"}, {"lead.received", "timestamp", "[{\"op\":\"date\",\"to\":\"yyyy-MM-dd'T'HH:mm:ssXXX\",\"toZone\":\"UTC\"}]"},
            {"applicant.firstName", "first_name", "[\"trim\",\"title\"]"}, {"applicant.lastName", "last_name", "[\"trim\",\"title\"]"},
            {"applicant.email", "email", "[\"trim\",\"lower\"]"}, {"applicant.emailHash", "email", "[\"sha256\"]"},
            {"applicant.phone", "phone_primary", "[{\"op\":\"phone\",\"format\":\"e164\"}]"},
            {"applicant.phoneNational", "phone_primary", "[{\"op\":\"phone\",\"format\":\"national\"}]"},
            {"applicant.dob", "dob", "[{\"op\":\"date\",\"to\":\"MM/dd/yyyy\"}]"}, {"applicant.age", "dob", "[{\"op\":\"age\"}]"},
            {"address.street", "street", "[\"trim\"]"}, {"address.city", "city", "[\"upper\"]"},
            {"address.state", "state", "[\"upper\"]"}, {"address.zip", "zip", "[{\"op\":\"truncate\",\"max\":5}]"},
            {"property.homeowner", "homeowner", "[{\"op\":\"bool\",\"as\":\"yn\"}]"},
            {"property.owns", "homeowner", "[{\"op\":\"translate\",\"table\":{\"1\":\"Own\",\"0\":\"Rent\"}}]"},
            {"meta.ip", "ip_address", "[]"}, {"meta.cert", "trustedform_cert_url", "[]"},
            {"meta.source", "lead_id", "[{\"op\":\"regex\",\"pattern\":\"-\\\\d+$\",\"replacement\":\"\"}]"},
            {"meta.vendor", "lead_id", "[{\"op\":\"split\",\"kind\":\"delimiter\",\"separator\":\"-\",\"index\":0}]"}};
        for (int i = 0; i < rules.length; i++) {
            fields.append(i == 0 ? "" : ",\n").append("{\"target\":\"").append(rules[i][0]).append("\",\"source\":\"")
                    .append(rules[i][1]).append("\",\"transforms\":").append(rules[i][2]).append('}');
        }
        return "{\"name\":\"Twenty fields\",\"format\":\"json\",\"fields\":[\n" + fields + "\n]}";
    }
}
