package dev.flotilla.runtime.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * The configured sampler ({@code OTEL_TRACES_SAMPLER}) decides what is exported; every span is
 * still recorded, because the run's own span store (the console's waterfall) keeps them all.
 */
final class RecordEverySpan implements Sampler {

    private final Sampler exported;

    RecordEverySpan(Sampler exported) {
        this.exported = exported;
    }

    @Override
    public SamplingResult shouldSample(Context parent, String traceId, String name, SpanKind kind, Attributes attributes,
                                       List<LinkData> links) {
        SamplingResult r = exported.shouldSample(parent, traceId, name, kind, attributes, links);
        return r.getDecision() == SamplingDecision.DROP ? SamplingResult.recordOnly() : r;
    }

    @Override
    public String getDescription() {
        return "RecordEverySpan{" + exported.getDescription() + "}";
    }
}
