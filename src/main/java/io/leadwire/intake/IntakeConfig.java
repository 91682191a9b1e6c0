package io.leadwire.intake;

import java.nio.file.Path;

/**
 * How the intake listens.
 *
 * @param bind           address to bind, e.g. {@code 127.0.0.1}
 * @param port           TCP port; 0 picks a free one
 * @param maxBodyBytes   larger bodies are refused with 413
 * @param tlsKeystore    a PKCS#12 keystore to serve HTTPS, or null for plain HTTP
 * @param tlsPassword    the keystore password, or null
 * @param workerThreads  request threads (each may wait for a group commit)
 */
public record IntakeConfig(String bind, int port, int maxBodyBytes, Path tlsKeystore, char[] tlsPassword,
                           int workerThreads) {
    public static final int DEFAULT_PORT = 8470;
    public static final int DEFAULT_MAX_BODY = 64 * 1024;
    /**
     * The largest body limit allowed. A stored lead keeps its raw body and its fields as JSON in
     * columns of 1,000,000 characters, and the fields can take twice the body's size (a form's
     * {@code %01} becomes a six-character JSON escape); a lead that does not fit fails the whole
     * group commit.
     */
    public static final int MAX_BODY_LIMIT = 256 * 1024;

    public IntakeConfig {
        if (maxBodyBytes < 1 || maxBodyBytes > MAX_BODY_LIMIT) {
            throw new IllegalArgumentException("--max-body must be 1.." + MAX_BODY_LIMIT + " bytes, not "
                    + maxBodyBytes);
        }
    }

    public static IntakeConfig plain(String bind, int port) {
        return new IntakeConfig(bind, port, DEFAULT_MAX_BODY, null, null, 64);
    }

    public boolean tls() {
        return tlsKeystore != null;
    }
}
