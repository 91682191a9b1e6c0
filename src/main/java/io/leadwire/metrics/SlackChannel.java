package io.leadwire.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.store.AlertRepository.AlertRow;
import java.io.IOException;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Posts {@code {"text": ...}} to a Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat,
 * Teams' Slack-compatible connectors). Anything but a 2xx answer is a failure, with the answer's
 * status and the start of its body as the reason.
 */
public final class SlackChannel implements AlertChannel {
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private final OkHttpClient http;
    private final ObjectMapper json;

    /** @param http a client with call timeouts (a hung webhook must not hold up the alert rules) */
    public SlackChannel(OkHttpClient http, ObjectMapper json) {
        this.http = http;
        this.json = json;
    }

    @Override
    public String name() {
        return "slack";
    }

    @Override
    public boolean configured(AlertSettings.Escalation settings) {
        return settings.slackConfigured();
    }

    @Override
    public String send(AlertRow alert, String text, AlertSettings.Escalation settings) throws IOException {
        Request request = new Request.Builder().url(settings.slackWebhookUrl())
                .post(RequestBody.create(json.writeValueAsBytes(Map.of("text", text)), JSON)).build();
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                ResponseBody body = response.body();
                String answer = body == null ? "" : body.string().strip();
                throw new IOException("HTTP " + response.code() + (answer.isEmpty() ? ""
                        : ": " + (answer.length() > 120 ? answer.substring(0, 120) + "…" : answer)));
            }
            return "HTTP " + response.code();
        }
    }
}
