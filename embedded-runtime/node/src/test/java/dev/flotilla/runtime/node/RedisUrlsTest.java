package dev.flotilla.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.runtime.store.RedisEndpoint;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Redis password stays out of the process list: a warning when it is there, a password file instead. */
class RedisUrlsTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private String resolve(String url, boolean fromArguments, Path passwordFile) {
        return RedisUrls.resolve(url, fromArguments, passwordFile, new PrintWriter(err, true));
    }

    @Test
    void aPasswordInTheArgumentsIsOneWarningThatNeverShowsIt() {
        assertThat(resolve("redis://:s3cret-pw@10.0.0.5:6390", true, null)).isEqualTo("redis://:s3cret-pw@10.0.0.5:6390");
        assertThat(err.toString().strip()).doesNotContain("\n").doesNotContain("s3cret")
                .contains("FLOTILLA_REDIS_URL", "--redis-password-file");
    }

    @Test
    void aPasswordFromTheEnvironmentOrNoPasswordIsNoWarning() {
        resolve("redis://:s3cret-pw@10.0.0.5:6390", false, null);
        resolve("redis://10.0.0.5:6390", true, null);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void thePasswordFileJoinsTheUrlWhateverCharactersItHolds() throws Exception {
        String password = "p@ss:w/rd %+ é#?";
        Path file = Files.writeString(dir.resolve("redis.password"), password + "\n");
        String url = resolve("redis://10.0.0.5:6390", true, file);
        assertThat(RedisEndpoint.parse(url)).isEqualTo(new RedisEndpoint("10.0.0.5", 6390, password));
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aPasswordSetTwiceOrAFileWithoutAUrlIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("redis.password"), "pw\n");
        assertThatThrownBy(() -> resolve("redis://:other@10.0.0.5:6390", false, file)).hasMessageContaining("set twice")
                .hasMessageNotContaining("other");
        assertThatThrownBy(() -> resolve(null, false, file)).hasMessageContaining("needs --redis-url");
        assertThatThrownBy(() -> resolve("redis://10.0.0.5:6390", false, Files.writeString(dir.resolve("empty"), "")))
                .hasMessageContaining("is empty");
        assertThatThrownBy(() -> resolve("redis://10.0.0.5:6390", false, dir.resolve("missing")))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("missing");
    }

    @Test
    void noUrlMeansTheEmbeddedRedis() {
        assertThat(resolve(null, false, null)).isNull();
        assertThat(resolve("  ", false, null)).isNull();
    }
}
