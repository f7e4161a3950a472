package dev.enclave.ai;

import java.util.List;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A document's summary and keywords, with what it cost: tokens in (the document, cut to the input limit) and
 * out (summary + keywords), as counted for the tenant's monthly AI budget.
 */
@RegisterForReflection // serialised by Jackson by reflection, also in the native image (nested records too)
public record SummaryResponse(UUID documentId, String summary, List<String> keywords, String provider, String model,
        TokenUse tokens) {

    public record TokenUse(long input, long output, long charged) {
    }
}
