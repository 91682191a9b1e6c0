package io.leadwire.intake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

/**
 * A vendor's lead API on 127.0.0.1 for poll tests, on the JDK server. {@code /object} answers
 * {@code {"leads": [...], "next_cursor": "<n>"}} with the cursor being the number of leads handed
 * out so far; {@code /array} answers a bare array and takes the last lead's {@code lead_id} as cursor.
 * {@link #failWith(int)} makes every answer that status until {@link #heal()}.
 */
final class VendorApiServer implements AutoCloseable {
    /** One request as the vendor saw it. */
    record Request(String path, Map<String, String> query, Map<String, String> headers) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final List<String> leads = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int failStatus;
    private volatile int failLater;
    private volatile int okLeft = -1;

    VendorApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(executor);
        server.createContext("/object", ex -> answer(ex, true));
        server.createContext("/array", ex -> answer(ex, false));
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Adds leads {@code prefix-1 .. prefix-n} (canonical field names). */
    VendorApiServer withLeads(String prefix, int from, int to) {
        for (int i = from; i <= to; i++) {
            leads.add(lead(prefix + "-" + i));
        }
        return this;
    }

    static String lead(String id) {
        return "{\"lead_id\":\"" + id + "\",\"first_name\":\"Ann\",\"last_name\":\"Lee\","
                + "\"email\":\"ann." + id.toLowerCase() + "@example.com\",\"phone\":\"+442071234567\","
                + "\"country\":\"United Kingdom\"}";
    }

    void add(String json) {
        leads.add(json);
    }

    void failWith(int status) {
        failStatus = status;
    }

    /** Answers the next {@code okRequests} requests normally, then {@code status} until healed. */
    void failAfter(int okRequests, int status) {
        okLeft = okRequests;
        failLater = status;
    }

    void heal() {
        failStatus = 0;
        failLater = 0;
        okLeft = -1;
    }

    List<Request> requests() {
        return new ArrayList<>(requests);
    }

    private void answer(HttpExchange ex, boolean object) throws IOException {
        Map<String, String> query = query(ex.getRequestURI().getRawQuery());
        Map<String, String> headers = new HashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
        requests.add(new Request(ex.getRequestURI().getPath(), query, headers));
        if (okLeft == 0) {
            failStatus = failLater;
            okLeft = -1;
        } else if (okLeft > 0) {
            okLeft--;
        }
        if (failStatus != 0) {
            send(ex, failStatus, "{\"error\":\"vendor trouble\"}");
            return;
        }
        int limit = Integer.parseInt(query.getOrDefault("limit", "100"));
        int start = 0;
        String since = query.get("since");
        if (since != null) {
            if (object) {
                start = Integer.parseInt(since);
            } else {
                for (int i = 0; i < leads.size(); i++) {
                    if (leads.get(i).contains("\"lead_id\":\"" + since + "\"")) {
                        start = i + 1;
                    }
                }
            }
        }
        int end = Math.min(leads.size(), start + limit);
        String items = String.join(",", leads.subList(start, end));
        send(ex, 200, object ? "{\"leads\":[" + items + "],\"next_cursor\":\"" + end + "\"}" : "[" + items + "]");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
