package dev.enclave.ai;

import java.util.List;

/**
 * What a provider made of a document; {@code usage} is the provider's own token count when it reports one (then
 * that is what the tenant is charged), else null.
 */
public record Summary(String summary, List<String> keywords, String model, Usage usage) {

    /** Tokens as the provider counted (and bills) them; a count it did not give is null. */
    public record Usage(Long promptTokens, Long completionTokens, Long totalTokens) {
    }

    public Summary(String summary, List<String> keywords, String model) {
        this(summary, keywords, model, null);
    }

    /** Output tokens as the budget counts them ({@link Tokens}). */
    long outputTokens() {
        return Tokens.count(summary) + keywords.stream().mapToLong(Tokens::count).sum();
    }

    /** Cut to {@code maxTokens} output tokens: a provider that says more than was reserved is not paid for it. */
    Summary fit(long maxTokens) {
        if (outputTokens() <= maxTokens) {
            return this;
        }
        long keywordTokens = 0;
        List<String> kept = new java.util.ArrayList<>();
        for (String keyword : keywords) {
            long cost = Tokens.count(keyword);
            if (keywordTokens + cost > maxTokens / 4) {
                break; // keywords get at most a quarter of the output
            }
            kept.add(keyword);
            keywordTokens += cost;
        }
        return new Summary(Tokens.truncate(summary, maxTokens - keywordTokens).strip(), List.copyOf(kept), model, usage);
    }
}
