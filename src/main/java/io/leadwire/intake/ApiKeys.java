package io.leadwire.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Vendor API keys: {@code lw_} followed by 32 base62 characters (about 190 random bits).
 *
 * <p>Only a SHA-256 of the key is stored. A slow password hash is not needed here: the key is
 * random and long, so there is nothing to brute-force, and every intake request must check it
 * in microseconds. Lookups go by hash through a unique index, so no secret is ever compared.
 */
public final class ApiKeys {
    static final String PREFIX = "lw_";
    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int LENGTH = 32;

    private final SecureRandom random;

    public ApiKeys(SecureRandom random) {
        this.random = random;
    }

    /** A fresh key, to be shown once. */
    public String generate() {
        StringBuilder sb = new StringBuilder(PREFIX.length() + LENGTH).append(PREFIX);
        for (int i = 0; i < LENGTH; i++) {
            sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    /** Hex SHA-256 of the key as stored. */
    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The part of a key that may be shown to recognise it, e.g. {@code lw_7Hq2…}. */
    public static String displayPrefix(String key) {
        return key.substring(0, Math.min(key.length(), PREFIX.length() + 4));
    }
}
