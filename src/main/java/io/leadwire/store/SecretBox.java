package io.leadwire.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets that Leadwire must be able to read back (a vendor API's token or password)
 * so that they are never stored in clear: AES-256-GCM, a fresh random 96-bit nonce per secret,
 * the text stored as {@code v1:} + Base64(nonce ‖ ciphertext ‖ tag).
 *
 * <p>The key is 32 random bytes in a file in the data dir that only the owner may read, made on
 * first use. Whoever has both the database and that file can read the secrets; a copy of the
 * database alone cannot. Engines sharing one database (PostgreSQL) need the same key file.
 */
public final class SecretBox {
    private static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random;

    SecretBox(byte[] key, SecureRandom random) {
        if (key.length != 32) {
            throw new IllegalArgumentException("an AES-256 key has 32 bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
        this.random = random;
    }

    /**
     * The box for a key given as Base64 text (the content of a key file, e.g. from an environment
     * variable).
     *
     * @throws IllegalArgumentException when the text is not Base64 or not 256 bits; the message
     *                                  never repeats the text
     */
    public static SecretBox ofBase64Key(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not Base64");
        }
        if (key.length != 32) {
            throw new IllegalArgumentException("not a 256-bit key (" + key.length + " bytes)");
        }
        return new SecretBox(key, new SecureRandom());
    }

    /** The box whose key is in {@code keyFile}, creating the key (owner-only) the first time. */
    public static SecretBox forKeyFile(Path keyFile) throws IOException {
        SecureRandom random = new SecureRandom();
        if (!Files.exists(keyFile)) {
            Files.createDirectories(keyFile.toAbsolutePath().getParent());
            byte[] fresh = new byte[32];
            random.nextBytes(fresh);
            try {
                try {
                    Files.createFile(keyFile,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(keyFile);
                }
                Files.writeString(keyFile, Base64.getEncoder().encodeToString(fresh), StandardCharsets.US_ASCII);
            } catch (FileAlreadyExistsException e) {
                // Another process made it first: use theirs.
            }
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(Files.readString(keyFile, StandardCharsets.US_ASCII).strip());
        } catch (IllegalArgumentException e) {
            throw new IOException(keyFile + " does not hold a Base64 key", e);
        }
        if (key.length != 32) {
            throw new IOException(keyFile + " does not hold a 256-bit key");
        }
        return new SecretBox(key, random);
    }

    /** Encrypts a secret; the result is text that is safe to store. */
    public String seal(String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java platform", e);
        }
    }

    /**
     * Decrypts what {@link #seal} made.
     *
     * @throws IllegalArgumentException when the text was not sealed with this key or was altered
     */
    public String open(String sealed) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a sealed secret");
        }
        try {
            byte[] in = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            if (in.length <= NONCE_BYTES) {
                throw new IllegalArgumentException("sealed secret is too short");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the secret cannot be decrypted with this data dir's key "
                    + "(was it set with another key file?); set it again", e);
        }
    }
}
