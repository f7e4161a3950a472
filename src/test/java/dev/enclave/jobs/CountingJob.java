package dev.enclave.jobs;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * A job for the runner's tests: counts from its checkpoint to {@code items}, saving each number, and records what
 * it applied, so a test sees whether a resumed run did anything twice. {@code failAt}: the first attempt throws at
 * that item; {@code fatal}: the job cannot succeed.
 */
@ApplicationScoped
class CountingJob implements JobHandler {

    static final Map<UUID, List<Integer>> APPLIED = new ConcurrentHashMap<>();

    @Override
    public String kind() {
        return "test-count";
    }

    @Override
    public JsonNode run(JobContext job) {
        if (job.params().path("fatal").asBoolean()) {
            throw new JobFailedException("asked to fail");
        }
        int items = job.params().path("items").asInt();
        int failAt = job.params().path("failAt").asInt(-1);
        int from = job.checkpoint().map(Integer::parseInt).orElse(0) + 1;
        for (int item = from; item <= items; item++) {
            if (item == failAt && job.attempt() == 1) {
                throw new IllegalStateException("a store went away");
            }
            APPLIED.computeIfAbsent(job.id(), id -> new CopyOnWriteArrayList<>()).add(item);
            job.progress("counting", Integer.toString(item), item, (long) items);
        }
        return JsonNodeFactory.instance.objectNode().put("counted", items);
    }
}
