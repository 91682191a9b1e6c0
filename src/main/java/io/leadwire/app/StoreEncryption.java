package io.leadwire.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption at rest of the embedded H2 store ({@code CIPHER=AES}): whether a data dir's store
 * is encrypted and where its key comes from.
 *
 * <p>The marker {@code db/encryption.properties} says the store is encrypted and which key
 * source it was made with; it holds no secret. The key is, in this order:
 * <ol>
 *   <li>the environment variable {@code LEADWIRE_STORE_KEY} (16 or more characters, no spaces:
 *       H2 separates the file password from the user password by a space), for servers whose
 *       secret manager injects it;</li>
 *   <li>else the OS user's keystore: a PKCS#12 file in the user's home
 *       ({@code ~/.leadwire-keystore.p12} unless another was named) holding a random 256-bit key
 *       per data dir. It is created on first use readable only by its owner, and that file
 *       permission is its whole protection (the PKCS#12 password is a constant): it keeps the
 *       key off the data dir, so a copied data dir or backup is unreadable without it, but it is
 *       no defence against the same OS user. There is no desktop keyring integration; this is
 *       the "OS user's keystore" that works the same on Linux, macOS and Windows.</li>
 * </ol>
 *
 * @param keySource     {@code env} or {@code keystore}: where the key was taken from when the
 *                      store was encrypted (for the messages when it is missing)
 * @param keystore      the keystore file, for {@code keystore}
 * @param keystoreAlias the key's entry in the keystore
 */
record StoreEncryption(String keySource, Path keystore, String keystoreAlias) {
    static final String KEY_ENV = "LEADWIRE_STORE_KEY";
    static final String MARKER = "encryption.properties";
    static final String SOURCE_ENV = "env";
    static final String SOURCE_KEYSTORE = "keystore";
    /** The PKCS#12 format needs a password; the file's owner-only permission is what protects it. */
    private static final char[] KEYSTORE_PASSWORD = "leadwire".toCharArray();
    static final int MIN_KEY_LENGTH = 16;

    /** The user's keystore unless another is named: {@code ~/.leadwire-keystore.p12}. */
    static Path defaultKeystore() {
        return Path.of(System.getProperty("user.home"), ".leadwire-keystore.p12");
    }

    static Path markerFile(Path dataDir) {
        return dataDir.resolve("db").resolve(MARKER);
    }

    /** The data dir's encryption, or null when its store is not encrypted. */
    static StoreEncryption of(Path dataDir) throws IOException {
        Path file = markerFile(dataDir);
        if (!Files.exists(file)) {
            return null;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        if (!"AES".equals(p.getProperty("cipher"))) {
            throw new IOException(file + " names no cipher this version knows (expected cipher=AES)");
        }
        String ks = p.getProperty("keystore");
        return new StoreEncryption(p.getProperty("key_source", SOURCE_KEYSTORE), ks == null ? null : Path.of(ks),
                p.getProperty("keystore_alias"));
    }

    /** Writes the marker durably (temporary file, then rename). */
    void save(Path dataDir) throws IOException {
        Properties p = new Properties();
        p.setProperty("cipher", "AES");
        p.setProperty("key_source", keySource);
        if (keystore != null) {
            p.setProperty("keystore", keystore.toAbsolutePath().toString());
            p.setProperty("keystore_alias", keystoreAlias);
        }
        Path file = markerFile(dataDir);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(MARKER + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "The store in this folder is encrypted (H2 CIPHER=AES). No secret here: the key is in $"
                    + KEY_ENV + " or the keystore named below.");
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A new encryption taking its key from the environment. */
    static StoreEncryption fromEnvironment() {
        return new StoreEncryption(SOURCE_ENV, null, null);
    }

    /** A new encryption with a fresh key in {@code keystore} (created if needed). */
    static StoreEncryption inKeystore(Path keystore) {
        return new StoreEncryption(SOURCE_KEYSTORE, keystore, "leadwire-store-" + UUID.randomUUID());
    }

    /**
     * The file password: {@code LEADWIRE_STORE_KEY} when set, else the keystore's key.
     *
     * @param create whether to make the keystore entry when it is missing (only when encrypting)
     * @throws KeyException saying which key is missing or unusable and what to do
     */
    String key(Function<String, String> env, boolean create) throws KeyException {
        String fromEnv = env.apply(KEY_ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            if (fromEnv.length() < MIN_KEY_LENGTH || fromEnv.chars().anyMatch(Character::isWhitespace)) {
                throw new KeyException("$" + KEY_ENV + " must be at least " + MIN_KEY_LENGTH
                        + " characters without spaces");
            }
            return fromEnv;
        }
        if (SOURCE_ENV.equals(keySource)) {
            throw new KeyException("the store is encrypted with a key from $" + KEY_ENV + ", which is not set; "
                    + "set it to the key the store was encrypted with");
        }
        try {
            return keystoreKey(create);
        } catch (KeyException e) {
            throw e;
        } catch (IOException | GeneralSecurityException e) {
            throw new KeyException("cannot read the store key from the keystore " + keystore + ": " + e.getMessage());
        }
    }

    private String keystoreKey(boolean create) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        if (Files.exists(keystore)) {
            try (InputStream in = Files.newInputStream(keystore)) {
                ks.load(in, KEYSTORE_PASSWORD);
            }
        } else if (create) {
            ks.load(null, null);
        } else {
            throw new KeyException("the store is encrypted with a key from the keystore " + keystore
                    + ", which does not exist for this user; restore that file or set $" + KEY_ENV);
        }
        KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(KEYSTORE_PASSWORD);
        KeyStore.Entry entry = ks.containsAlias(keystoreAlias) ? ks.getEntry(keystoreAlias, protection) : null;
        if (entry instanceof KeyStore.SecretKeyEntry secret) {
            return HexFormat.of().formatHex(secret.getSecretKey().getEncoded());
        }
        if (!create) {
            throw new KeyException("the keystore " + keystore + " has no key '" + keystoreAlias
                    + "' for this store; use the keystore of the user who encrypted it, or set $" + KEY_ENV);
        }
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        SecretKey key = new SecretKeySpec(fresh, "AES");
        ks.setEntry(keystoreAlias, new KeyStore.SecretKeyEntry(key), protection);
        writeOwnerOnly(ks);
        return HexFormat.of().formatHex(fresh);
    }

    private void writeOwnerOnly(KeyStore ks) throws IOException, GeneralSecurityException {
        Path dir = keystore.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(keystore.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        try (OutputStream out = Files.newOutputStream(tmp)) {
            ks.store(out, KEYSTORE_PASSWORD);
        }
        Files.move(tmp, keystore, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Why the store key cannot be had; the message says what to do. */
    static final class KeyException extends IOException {
        private static final long serialVersionUID = 1L;

        KeyException(String message) {
            super(message);
        }
    }
}
