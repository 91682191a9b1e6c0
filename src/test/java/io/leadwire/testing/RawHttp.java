package io.leadwire.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A raw HTTP/1.1 connection for what {@code HttpClient} will not send: partial bodies, lying
 * Content-Length headers, hand-made chunks, {@code Expect: 100-continue}. Reads time out after
 * 5 s so a hang fails the test.
 */
public final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    public RawHttp(String url) throws IOException {
        URI uri = URI.create(url);
        socket = new Socket("127.0.0.1", uri.getPort());
        socket.setSoTimeout(5_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** Sends the request line and headers; {@code headers} are CRLF-free "Name: value" lines. */
    public RawHttp head(String method, String path, String... headers) throws IOException {
        StringBuilder sb = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        sb.append("\r\n");
        write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    public RawHttp write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Writes one chunk of a chunked body. */
    public RawHttp chunk(byte[] bytes) throws IOException {
        write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        write(bytes);
        return write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawHttp lastChunk() throws IOException {
        return write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A response: status, lower-cased headers joined as "name: value\n", and the body. */
    public record Response(int status, String headers, String body) {
        public String header(String name) {
            for (String line : headers.split("\n")) {
                if (line.startsWith(name.toLowerCase(Locale.ROOT) + ":")) {
                    return line.substring(name.length() + 1).strip();
                }
            }
            return null;
        }
    }

    /** Reads one response (skipping interim 1xx answers unless {@code stopAtInterim}). */
    public Response read(boolean stopAtInterim) throws IOException {
        while (true) {
            String status = line();
            int code = Integer.parseInt(status.split(" ")[1]);
            StringBuilder headers = new StringBuilder();
            int length = -1;
            boolean chunked = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase(Locale.ROOT);
                headers.append(lower, 0, lower.indexOf(':') + 1).append(h.substring(h.indexOf(':') + 1)).append('\n');
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(h.substring(15).strip());
                }
                if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            if (code < 200) {
                if (stopAtInterim) {
                    return new Response(code, headers.toString(), "");
                }
                continue;
            }
            byte[] body;
            if (chunked) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                for (int n = Integer.parseInt(line().strip(), 16); n > 0; n = Integer.parseInt(line().strip(), 16)) {
                    buf.write(in.readNBytes(n));
                    line();
                }
                line();
                body = buf.toByteArray();
            } else if (length >= 0) {
                body = in.readNBytes(length);
            } else {
                body = in.readAllBytes();
            }
            return new Response(code, headers.toString(), new String(body, StandardCharsets.UTF_8));
        }
    }

    public Response read() throws IOException {
        return read(false);
    }

    private String line() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                buf.write(c);
            }
        }
        if (c == -1 && buf.size() == 0) {
            throw new IOException("connection closed");
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
