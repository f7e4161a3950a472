package dev.enclave.ai;

/**
 * Something that summarises a text and names its keywords. Implementations do not meter: {@link SummaryService}
 * charges the tenant's budget with what the provider reports ({@link Summary#usage()}), or else with its own count.
 */
public interface SummaryProvider {

    /** A short stable name, reported with each summary. */
    String name();

    /**
     * @param text            the document (title and body), already cut to the input limit
     * @param maxOutputTokens what the answer may cost (summary + keywords, counted by {@link Tokens})
     * @param call            to be told of each attempt ({@link ProviderCall#attempt()} first, then
     *                        {@link ProviderCall#answered()} once the provider answered), which stops attempts after
     *                        the deadline and counts the ones cut off (they are charged)
     * @throws ProviderException when the provider cannot answer
     */
    Summary summarize(String text, int maxOutputTokens, ProviderCall call);

    /**
     * What sending {@code text} costs, counted by {@link Tokens}: the whole prompt (instructions and framing
     * included), reserved before the call and charged when the provider reports no count of its own.
     */
    default long promptTokens(String text) {
        return Tokens.count(text);
    }
}
