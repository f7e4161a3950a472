package dev.enclave.ai;

/**
 * Something that summarises a text and names its keywords. Implementations do not meter: {@link SummaryService}
 * counts tokens the same way for all of them and charges the tenant's budget.
 */
public interface SummaryProvider {

    /** A short stable name, reported with each summary. */
    String name();

    /**
     * @param text            the document (title and body), already cut to the input limit
     * @param maxOutputTokens what the answer may cost (summary + keywords, counted by {@link Tokens})
     * @throws ProviderException when the provider cannot answer
     */
    Summary summarize(String text, int maxOutputTokens);
}
