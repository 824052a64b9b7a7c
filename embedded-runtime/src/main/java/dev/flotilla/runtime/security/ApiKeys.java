package dev.flotilla.runtime.security;

import dev.flotilla.runtime.kernel.OperatorRole;
import dev.flotilla.runtime.kernel.Principal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The node's API keys: the admin key, given ({@code FLOTILLA_ADMIN_KEY}) or generated once and kept
 * in {@code <data>/admin.key}, readable by its owner only; and, until key management comes, any
 * further keys with an operator role the node was given ({@link #with}).
 */
public final class ApiKeys {

    /** One accepted key: its bytes, and who presents it. */
    private record Entry(byte[] secret, Principal principal) {}

    private final String adminKey;
    private final List<Entry> entries;

    private ApiKeys(String adminKey, List<Entry> entries) {
        this.adminKey = adminKey;
        this.entries = List.copyOf(entries);
    }

    public static ApiKeys of(String adminKey) {
        if (adminKey.length() < 16) throw new IllegalArgumentException("admin key shorter than 16 characters");
        return new ApiKeys(adminKey, List.of(new Entry(bytes(adminKey), Principal.admin(keyId(adminKey)))));
    }

    /** Reads {@code file}, or creates it with a new random key (mode 600). */
    public static ApiKeys fromFile(Path file) {
        try {
            if (Files.exists(file)) return of(Files.readString(file).trim());
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
            return of(key);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or create the admin key at " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * These keys and one more, {@code key}, named {@code name}, with operator role {@code role}; its
     * runs act for the tool role {@code user}.
     */
    public ApiKeys with(String key, String name, OperatorRole role) {
        if (key.length() < 16) throw new IllegalArgumentException("API key '" + name + "' shorter than 16 characters");
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.secret(), bytes(key))) throw new IllegalArgumentException("API key '" + name + "' is already in use");
        }
        List<Entry> more = new ArrayList<>(entries);
        more.add(new Entry(bytes(key), new Principal(keyId(key), Objects.requireNonNull(name), Objects.requireNonNull(role), "user")));
        return new ApiKeys(adminKey, more);
    }

    public String adminKey() {
        return adminKey;
    }

    /** Who presents this bearer token, if it is a key of this node; every key is compared, in constant time. */
    public Optional<Principal> authenticate(String presented) {
        if (presented == null) return Optional.empty();
        byte[] p = bytes(presented);
        Principal found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(p, e.secret()) && found == null) found = e.principal();
        }
        return Optional.ofNullable(found);
    }

    /**
     * A key's id: the first 12 hex digits of its SHA-256, safe to show and log (docs/API.md names
     * rate-limit buckets by it).
     */
    public static String keyId(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes(key));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JDK", e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
