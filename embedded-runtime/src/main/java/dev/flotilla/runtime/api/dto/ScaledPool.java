package dev.flotilla.runtime.api.dto;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.flotilla.runtime.fleet.PoolView;

/** A scale request's answer: the pool of the node that served it, with that node's id. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ScaledPool(@JsonUnwrapped PoolView pool, String servedBy) {}
