package dev.flotilla.runtime.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The node's API keys. For now one admin key: given ({@code FLOTILLA_ADMIN_KEY}) or generated once
 * and kept in {@code <data>/admin.key}, readable by its owner only.
 */
public final class ApiKeys {

    public enum Role { VIEWER, OPERATOR, ADMIN }

    private final byte[] adminKey;

    private ApiKeys(String adminKey) {
        if (adminKey.length() < 16) throw new IllegalArgumentException("admin key shorter than 16 characters");
        this.adminKey = adminKey.getBytes(StandardCharsets.UTF_8);
    }

    public static ApiKeys of(String adminKey) {
        return new ApiKeys(adminKey);
    }

    /** Reads {@code file}, or creates it with a new random key (mode 600). */
    public static ApiKeys fromFile(Path file) {
        try {
            if (Files.exists(file)) return new ApiKeys(Files.readString(file).trim());
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String key = "flt_" + HexFormat.of().formatHex(bytes);
            try {
                // owner-only from the first byte, not restricted after the write
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file); // not a POSIX file system (Windows): the user's profile folder protects it
            }
            Files.writeString(file, key + "\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE);
            return new ApiKeys(key);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or create the admin key at " + file + ": " + e.getMessage(), e);
        }
    }

    public String adminKey() {
        return new String(adminKey, StandardCharsets.UTF_8);
    }

    /** The role of a presented bearer token, compared in constant time. */
    public Optional<Role> authenticate(String presented) {
        if (presented == null) return Optional.empty();
        byte[] p = presented.getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(p, adminKey) ? Optional.of(Role.ADMIN) : Optional.empty();
    }
}
