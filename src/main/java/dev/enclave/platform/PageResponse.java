package dev.enclave.platform;

import java.util.List;
import java.util.function.Function;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One page of a list. {@code nextCursor} is opaque to clients and absent on the last page.
 * Callers fetch {@code limit + 1} rows so the presence of a next page is known without a count query.
 */
@RegisterForReflection // serialised by Jackson by reflection, also in the native image
public record PageResponse<T>(List<T> items, String nextCursor) {

    public static <T> PageResponse<T> of(List<T> fetched, int limit, Function<T, String> cursorOf) {
        if (fetched.size() <= limit) {
            return new PageResponse<>(fetched, null);
        }
        List<T> page = fetched.subList(0, limit);
        return new PageResponse<>(List.copyOf(page), cursorOf.apply(page.get(limit - 1)));
    }
}
