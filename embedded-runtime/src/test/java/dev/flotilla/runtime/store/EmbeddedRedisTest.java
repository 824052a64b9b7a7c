package dev.flotilla.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.JedisPooled;

class EmbeddedRedisTest {

    @TempDir
    Path data;

    @Test
    void persistsWithAPasswordInAnOwnerOnlyFolder() throws Exception {
        try (EmbeddedRedis redis = EmbeddedRedis.persistent(data)) {
            try (JedisPooled j = dev.flotilla.runtime.support.RawRedis.client(redis.endpoint())) {
                j.set("k", "v");
            }
            assertThat(redis.endpoint().password()).hasSizeGreaterThanOrEqualTo(32);
            assertThat(redis.endpoint().toString()).doesNotContain(redis.endpoint().password());
            assertThat(Files.getPosixFilePermissions(data.resolve("redis"))).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            assertThat(Files.getPosixFilePermissions(data.resolve("redis/redis.conf"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        try (EmbeddedRedis again = EmbeddedRedis.persistent(data);
             JedisPooled j = dev.flotilla.runtime.support.RawRedis.client(again.endpoint())) {
            assertThat(j.get("k")).isEqualTo("v");
        }
    }

    @Test
    void aServerLeftBehindByAKilledNodeIsStoppedOnTheNextStart() throws Exception {
        EmbeddedRedis orphan = EmbeddedRedis.persistent(data); // never closed, as after a SIGKILL
        long orphanPid = orphan.pid();
        try (EmbeddedRedis fresh = EmbeddedRedis.persistent(data)) {
            Optional<ProcessHandle> h = ProcessHandle.of(orphanPid);
            assertThat(h.map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(fresh.pid()).isNotEqualTo(orphanPid);
        }
    }
}
