package io.leadwire.delivery;

import io.leadwire.delivery.response.ResponseVerdict;
import java.util.List;
import java.util.Map;

/**
 * What a test send to a buyer's sandbox did: the request exactly as sent (secrets masked) and the
 * raw answer with its verdict, or why nothing was sent or nothing came back.
 *
 * @param sent         whether a request went on the wire
 * @param requestText  the request as HTTP/1.1 text (request line, headers, blank line, body)
 * @param status       the HTTP status, or null when no answer came
 * @param responseText the answer as HTTP text (status line, headers, blank line, body), or null
 * @param verdict      the buyer's response rules applied to the answer, or null
 * @param error        why it failed (transport, auth, payload, configuration), or null
 * @param problems     payload problems that stopped the send (field: message), empty otherwise
 */
public record TestSendResult(boolean sent, String url, String requestText, Integer status, String responseText,
        ResponseVerdict verdict, ErrorClass error, String errorMessage, long latencyMs, List<String> problems) {

    public TestSendResult {
        problems = List.copyOf(problems);
    }

    static TestSendResult notSent(String why, ErrorClass error, List<String> problems) {
        return new TestSendResult(false, null, null, null, null, null, error, why, 0, problems);
    }

    static String httpText(String method, String url, Map<String, String> headers, String body) {
        StringBuilder sb = new StringBuilder(method).append(' ').append(url).append(" HTTP/1.1\n");
        headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        return sb.append('\n').append(body == null ? "" : body).toString();
    }
}
