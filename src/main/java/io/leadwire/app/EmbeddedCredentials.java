package io.leadwire.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The embedded database's own user and password. H2's mixed mode serves the database file
 * over loopback to other processes (the admin commands), so it must not be open to anyone on
 * the machine with the default empty password: a random password is made on first use and
 * kept in a file only the owner can read, next to the database.
 *
 * @param user     the database user
 * @param password the database password
 */
record EmbeddedCredentials(String user, String password) {
    static final String USER = "leadwire";

    /** Reads the data dir's credentials, creating them (owner-only) the first time. */
    static EmbeddedCredentials forDataDir(Path dataDir) throws IOException {
        Path dir = dataDir.resolve("db");
        Files.createDirectories(dir);
        Path file = dir.resolve("credentials");
        if (!Files.exists(file)) {
            byte[] secret = new byte[24];
            new SecureRandom().nextBytes(secret);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            } catch (FileAlreadyExistsException e) {
                return read(file);
            }
            Files.writeString(file, HexFormat.of().formatHex(secret), StandardCharsets.US_ASCII);
        }
        return read(file);
    }

    private static EmbeddedCredentials read(Path file) throws IOException {
        String pw = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (pw.isEmpty()) {
            throw new IOException(file + " is empty; delete it only together with a new, empty database");
        }
        return new EmbeddedCredentials(USER, pw);
    }
}
