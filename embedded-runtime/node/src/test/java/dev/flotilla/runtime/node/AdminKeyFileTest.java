package dev.flotilla.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An admin key file that others may read is made owner-only, with one warning that does not show the key. */
class AdminKeyFileTest {

    private static final String KEY = "flt_0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    @BeforeEach
    void posixOnly() {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
    }

    @Test
    void aWorldReadableKeyFileIsMadeOwnerOnlyWithOneWarning() throws Exception {
        Path file = keyFile("rw-r--r--");
        AdminKeyFile.secure(file, new PrintWriter(err, true));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(err.toString().strip()).doesNotContain("\n").doesNotContain(KEY)
                .contains(file.toString(), "rw-r--r--", "owner-only");
        assertThat(Files.readString(file).strip()).isEqualTo(KEY);
    }

    @Test
    void aGroupReadableKeyFileIsTightenedToo() throws Exception {
        Path file = keyFile("rw-r-----");
        AdminKeyFile.secure(file, new PrintWriter(err, true));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(err.toString()).contains("rw-r-----");
    }

    @Test
    void anOwnerOnlyOrAbsentKeyFileIsLeftAlone() throws Exception {
        Path file = keyFile("r--------");
        AdminKeyFile.secure(file, new PrintWriter(err, true));
        AdminKeyFile.secure(dir.resolve("absent.key"), new PrintWriter(err, true));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("r--------");
        assertThat(dir.resolve("absent.key")).doesNotExist();
        assertThat(err.toString()).isEmpty();
    }

    private Path keyFile(String permissions) throws Exception {
        Path file = Files.writeString(dir.resolve("admin.key"), KEY + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }
}
