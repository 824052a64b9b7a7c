package dev.flotilla.runtime.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.flotilla.runtime.security.Caller;
import java.time.Instant;
import java.util.List;

/** The caller's own key as the gateway resolved it: what the console shows and what it enables. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WhoAmI(String keyId, String keyName, String role, String toolRole, List<String> toolRoles, Instant expiresAt,
                     Integer ratePerMinute, boolean managed) {

    public static WhoAmI of(Caller c) {
        return new WhoAmI(c.principal().keyId(), c.principal().keyName(), c.principal().role().name().toLowerCase(),
                c.principal().toolRole(), c.toolRoles(), c.expiresAt(), c.ratePerMinute(), c.managed());
    }
}
