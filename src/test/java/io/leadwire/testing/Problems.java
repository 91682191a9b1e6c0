package io.leadwire.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;

/** Assertions on RFC 9457 problem answers. */
public final class Problems {
    private Problems() {
    }

    /** Asserts a complete problem+json answer with this status and reason; returns its body. */
    public static JsonNode assertProblem(HttpResponse<String> r, int status, String reason) {
        assertThat(r.statusCode()).as("status of %s", r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
        return assertProblemBody(r.body(), status, reason);
    }

    public static JsonNode assertProblemBody(String body, int status, String reason) {
        JsonNode p = Http.json(body);
        assertThat(p.path("status").asInt()).as("status in %s", body).isEqualTo(status);
        assertThat(p.path("reason").asText()).as("reason in %s", body).isEqualTo(reason);
        assertThat(p.path("type").asText()).isEqualTo("urn:leadwire:problem:" + reason);
        assertThat(p.path("title").asText()).isNotBlank();
        assertThat(p.path("detail").asText()).isNotBlank();
        return p;
    }

    /** Asserts a problem that names the field at fault. */
    public static JsonNode assertProblem(HttpResponse<String> r, int status, String reason, String field) {
        JsonNode p = assertProblem(r, status, reason);
        assertThat(p.path("field").asText(null)).as("field in %s", r.body()).isEqualTo(field);
        return p;
    }
}
