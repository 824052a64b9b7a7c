package dev.flotilla.runtime.node;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The admin key file ({@code <data-dir>/admin.key}) grants everything, so only its owner may read
 * it. A node finding it open to others (copied, unpacked from an archive, made by hand) makes it
 * owner-only and says so once, or refuses to start when it cannot.
 */
final class AdminKeyFile {

    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private AdminKeyFile() {}

    /**
     * Makes an existing {@code file} owner-only (600) when group or others may use it, with a one-line
     * warning on {@code err}; does nothing when it is absent (the runtime then creates it owner-only)
     * or the file system has no POSIX permissions.
     *
     * @throws IllegalStateException when the permissions cannot be changed (the file belongs to someone else)
     */
    static void secure(Path file, PrintWriter err) {
        if (!Files.exists(file)) return;
        Set<PosixFilePermission> now;
        try {
            now = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException notPosix) {
            return; // Windows: the user's profile folder protects it
        } catch (IOException e) {
            throw new IllegalStateException("could not read the permissions of the admin key file " + file + ": " + e.getMessage(), e);
        }
        Set<PosixFilePermission> open = EnumSet.copyOf(now);
        open.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
        if (open.isEmpty()) return;
        String was = PosixFilePermissions.toString(now);
        try {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        } catch (IOException e) {
            throw new IllegalStateException("the admin key file " + file + " is readable by others (" + was
                    + ") and could not be made owner-only: " + e.getMessage() + "; run chmod 600 on it");
        }
        err.println("flotilla-node: warning: the admin key file " + file + " was open to others (" + was
                + "); made it owner-only (rw-------). If others may have read it, delete it and restart for a new key");
    }
}
