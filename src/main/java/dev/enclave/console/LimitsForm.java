package dev.enclave.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.enclave.limits.LimitValues;
import dev.enclave.limits.TenantLimitsResponse;

/**
 * The tenant page's limits form, turned into the JSON merge patch that {@code PATCH /admin/v1/tenants/{id}/limits}
 * takes. Only fields that differ from what is stored go into the patch (so the audit record names the change, not
 * the whole form); an empty field removes the override. Values are passed on as typed: whether they are valid is
 * decided by the admin API's own validation, not here.
 */
public record LimitsForm(String plan, Map<String, String> overrides) {

    /** The overridable limits: form field (= JSON field) and the stored override. */
    public record Field(String name, String label, Function<LimitValues, Number> value) {
        public String of(LimitValues values) {
            Number n = value.apply(values);
            return n == null ? "" : n.toString();
        }
    }

    static final List<Field> FIELDS = List.of(
            new Field("requestsPerSecond", "Requests per second", LimitValues::requestsPerSecond),
            new Field("burst", "Burst", LimitValues::burst),
            new Field("maxInFlight", "Requests in flight", LimitValues::maxInFlight),
            new Field("storageBytes", "Storage (bytes)", LimitValues::storageBytes),
            new Field("aiTokensPerMonth", "AI tokens per month", LimitValues::aiTokensPerMonth),
            new Field("backgroundConcurrency", "Background tasks", LimitValues::backgroundConcurrency));

    /** What the form shows for the stored state. */
    static LimitsForm of(TenantLimitsResponse limits) {
        Map<String, String> values = new LinkedHashMap<>();
        FIELDS.forEach(f -> values.put(f.name(), f.of(limits.overrides())));
        return new LimitsForm(limits.plan(), values);
    }

    /** What the operator sent (missing fields count as unchanged). */
    static LimitsForm submitted(String plan, Map<String, String> form, LimitsForm stored) {
        Map<String, String> values = new LinkedHashMap<>();
        FIELDS.forEach(f -> {
            String entered = form.get(f.name());
            values.put(f.name(), entered == null ? stored.overrides().get(f.name()) : entered.strip());
        });
        return new LimitsForm(plan == null ? stored.plan() : plan.strip(), values);
    }

    /** The merge patch from {@code stored} to this form; empty when nothing changed. */
    ObjectNode patchFrom(LimitsForm stored) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        if (!plan.equals(stored.plan())) {
            patch.put("plan", plan);
        }
        overrides.forEach((name, entered) -> {
            if (entered.equals(stored.overrides().get(name))) {
                return;
            }
            if (entered.isEmpty()) {
                patch.putNull(name);
            } else if (entered.matches("-?\\d{1,18}")) {
                patch.put(name, Long.parseLong(entered));
            } else {
                patch.put(name, entered); // not a number: the admin API's validation refuses it with its own words
            }
        });
        return patch;
    }
}
