package io.leadwire.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.intake.IntakeService;
import io.leadwire.intake.PayloadParser;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.LeadIds;
import io.leadwire.lead.Vendor;
import io.leadwire.store.Database;
import io.leadwire.store.LeadRepository;
import io.leadwire.store.RefusalRepository;
import io.leadwire.store.VendorRepository;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Bench-only: the engine's {@link IntakeService} (same parser, vendor-key lookup, group commit
 * and 202-after-commit) behind Jetty 12 instead of the JDK HttpServer, to compare the two HTTP
 * servers by measurement. Only {@code POST /api/v1/leads/intake}; refusals get a bare status
 * with a one-line JSON body, and no metrics events are published (so it does slightly less work
 * per request than {@code IntakeServer}). Usage: {@code JettyIntake DATA_DIR}.
 */
public final class JettyIntake {
    private JettyIntake() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        Database db = Database.open(Database.embeddedUrl(dataDir), null, null, 16);
        ObjectMapper json = new ObjectMapper();
        Clock clock = Clock.systemUTC();
        IntakeService service = new IntakeService(new VendorRepository(db.dataSource()),
                new LeadRepository(db.dataSource(), json), new RefusalRepository(db.dataSource()),
                new LeadIds(clock, new SecureRandom()), clock, new EventBus());
        PayloadParser parser = new PayloadParser();

        QueuedThreadPool pool = new QueuedThreadPool(72, 8); // 64 request threads, as IntakeServer, + Jetty's own
        pool.setName("jetty-intake");
        Server server = new Server(pool);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() { // blocking: the thread waits for the commit, as in IntakeServer
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                int status;
                byte[] answer;
                try {
                    if (!"POST".equals(request.getMethod())
                            || !"/api/v1/leads/intake".equals(request.getHttpURI().getPath())) {
                        status = 404;
                        answer = "{\"reason\":\"not_found\"}".getBytes(StandardCharsets.UTF_8);
                    } else {
                        String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
                        String key = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
                                ? auth.substring(7).strip() : null;
                        Optional<Vendor> vendor = service.authenticate(key);
                        if (vendor.isEmpty()) {
                            status = 401;
                            answer = "{\"reason\":\"invalid_api_key\"}".getBytes(StandardCharsets.UTF_8);
                        } else {
                            byte[] body;
                            try (InputStream in = Content.Source.asInputStream(request)) {
                                body = in.readNBytes(64 * 1024);
                            }
                            String remoteIp = Request.getRemoteAddr(request);
                            PayloadParser.Parsed parsed = parser.parse(
                                    request.getHeaders().get(HttpHeader.CONTENT_TYPE), body);
                            IntakeService.Stored stored = service.store(vendor.get(), parsed, remoteIp)
                                    .get(10, TimeUnit.SECONDS);
                            status = stored.duplicate() ? 200 : 202;
                            answer = json.writeValueAsBytes(json.createObjectNode()
                                    .put("id", stored.id())
                                    .put("lead_id", stored.vendorLeadId())
                                    .put("status", stored.duplicate() ? "duplicate" : "received"));
                        }
                    }
                } catch (Exception e) { // a refusal (ProblemException is intake-private) or a failed commit
                    status = e instanceof java.util.concurrent.ExecutionException
                            || e instanceof java.util.concurrent.TimeoutException ? 503 : 400;
                    answer = "{\"reason\":\"refused\"}".getBytes(StandardCharsets.UTF_8);
                }
                response.setStatus(status);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
                response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
                response.write(true, ByteBuffer.wrap(answer), callback);
                return true;
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception e) {
                System.err.println("jetty stop failed: " + e);
            }
            service.close();
            db.close();
            Runtime.getRuntime().halt(0); // SIGTERM after a clean drain exits 0, like `leadwire serve`
        }, "jetty-intake-stop"));
        server.start();
        System.out.println("leadwire serving at http://127.0.0.1:" + connector.getLocalPort() + "/api/v1/leads/intake");
        System.out.flush();
        server.join();
    }
}
