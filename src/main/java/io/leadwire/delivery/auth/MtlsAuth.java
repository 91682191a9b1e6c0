package io.leadwire.delivery.auth;

import io.leadwire.delivery.ErrorClass;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import java.util.function.UnaryOperator;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Mutual TLS: we present a client certificate from a PKCS#12 keystore. Nothing changes in the
 * requests; the certificate lives in the buyer's HTTP client, installed by {@link #configure}.
 */
final class MtlsAuth implements BuyerAuth {
    private final SSLSocketFactory socketFactory;
    private final X509TrustManager trustManager;

    private MtlsAuth(SSLSocketFactory socketFactory, X509TrustManager trustManager) {
        this.socketFactory = socketFactory;
        this.trustManager = trustManager;
    }

    static void validate(SchemeFields f) {
        f.require("keystore");
        f.require("keystorePassword");
        absolutePath(f, "keystore");
        f.secret("keystorePassword");
        absolutePath(f, "truststore");
        f.secret("truststorePassword");
        if (f.has("truststorePassword") && !f.has("truststore")) {
            throw f.refuse("truststorePassword", "is given without a \"truststore\"");
        }
    }

    private static void absolutePath(SchemeFields f, String key) {
        f.plain(key);
        String value = f.get(key);
        if (value != null && !Path.of(value).isAbsolute()) {
            // The engine's working directory is not something an operator should have to think about.
            throw f.refuse(key, "must be an absolute path to a PKCS#12 file, not '" + value + "'");
        }
    }

    static String describe(SchemeFields f) {
        return "Client certificate from " + f.get("keystore") + " (password " + BuyerAuth.MASK + "), trusting "
                + (f.has("truststore") ? "the CAs in " + f.get("truststore") : "the system CAs");
    }

    static BuyerAuth create(SchemeFields f, UnaryOperator<String> secrets) throws AuthException {
        char[] password = f.resolve("keystorePassword", secrets).toCharArray();
        KeyStore keys = load(f, "keystore", password);
        try {
            if (Collections.list(keys.aliases()).stream().noneMatch(alias -> isKey(keys, alias))) {
                throw new AuthException(ErrorClass.CONFIGURATION, "keystore " + f.get("keystore")
                        + " holds no private key with its certificate");
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            KeyStore trusted = null;
            if (f.has("truststore")) {
                String trustPassword = f.resolve("truststorePassword", secrets);
                trusted = load(f, "truststore", trustPassword == null ? null : trustPassword.toCharArray());
                if (trusted.size() == 0) {
                    throw new AuthException(ErrorClass.CONFIGURATION, "truststore " + f.get("truststore")
                            + " holds no certificate");
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            X509TrustManager trustManager = null;
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    trustManager = x509;
                }
            }
            if (trustManager == null) {
                throw new IllegalStateException("the platform offers no X509TrustManager");
            }
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), new TrustManager[] {trustManager}, null);
            return new MtlsAuth(tls.getSocketFactory(), trustManager);
        } catch (UnrecoverableKeyException e) {
            throw new AuthException(ErrorClass.CONFIGURATION, "the private key in keystore " + f.get("keystore")
                    + " cannot be opened with \"keystorePassword\" (PKCS#12 keys use the keystore password)", e);
        } catch (GeneralSecurityException e) {
            throw new AuthException(ErrorClass.CONFIGURATION, "the client certificate in keystore "
                    + f.get("keystore") + " is unusable: " + e.getMessage(), e);
        }
    }

    private static boolean isKey(KeyStore keys, String alias) {
        try {
            return keys.isKeyEntry(alias) && keys.getCertificate(alias) != null;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static KeyStore load(SchemeFields f, String key, char[] password) throws AuthException {
        String path = f.get(key);
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (NoSuchFileException e) {
            throw new AuthException(ErrorClass.CONFIGURATION, key + " " + path + " does not exist", e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new AuthException(ErrorClass.CONFIGURATION, key + " " + path + " cannot be opened with \""
                        + key + "Password\" (wrong password)", e);
            }
            throw new AuthException(ErrorClass.CONFIGURATION, key + " " + path
                    + " cannot be read as a PKCS#12 file: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new AuthException(ErrorClass.CONFIGURATION, key + " " + path + " cannot be read as a PKCS#12 file: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public OkHttpClient.Builder configure(OkHttpClient.Builder builder) {
        return builder.sslSocketFactory(socketFactory, trustManager);
    }

    @Override
    public Request authorize(Request request) {
        return request;
    }
}
