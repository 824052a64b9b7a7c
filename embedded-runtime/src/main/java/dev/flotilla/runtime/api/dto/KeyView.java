package dev.flotilla.runtime.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.flotilla.runtime.security.ApiKeyRecord;
import java.time.Instant;
import java.util.List;

/**
 * A managed API key as the API shows it: never the secret's hash; the secret itself ({@code key})
 * only in the answer to create and rotate. {@code state}: active, expired or revoked.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyView(String id, String key, String name, String role, String toolRole, List<String> toolRoles, String state,
                      Instant createdAt, String createdBy, Instant expiresAt, Integer ratePerMinute, Instant rotatedAt,
                      Instant revokedAt) {

    public static KeyView of(ApiKeyRecord r, Instant now, String secret) {
        return new KeyView(r.id(), secret, r.name(), r.role().name().toLowerCase(), r.toolRole(), r.toolRoles(), state(r, now),
                r.createdAt(), r.createdBy(), r.expiresAt(), r.ratePerMinute(), r.rotatedAt(), r.revokedAt());
    }

    public static String state(ApiKeyRecord r, Instant now) {
        String refusal = r.refusal(now);
        return refusal == null ? "active" : refusal;
    }
}
