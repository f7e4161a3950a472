package dev.enclave.ai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The built-in provider: extractive, deterministic, keywords by frequency without stop words, output bounded. */
class LocalSummaryProviderTest {

    static final String TEXT = """
            Kafka partitions are assigned to consumers. A consumer reads its partitions. \
            Offsets record how far a consumer has read. The weather was nice that day. \
            Rebalancing moves partitions between consumers when one joins or leaves.""";

    final LocalSummaryProvider provider = new LocalSummaryProvider(config(2, 4));

    @Test
    void theSameTextGivesTheSameSummary() {
        assertEquals(provider.summarize(TEXT, 200), provider.summarize(TEXT, 200));
    }

    @Test
    void sentencesComeFromTheTextInTheirOrderAndTheRelevantOnesWin() {
        Summary summary = provider.summarize(TEXT, 200);
        assertEquals("Kafka partitions are assigned to consumers. Rebalancing moves partitions between consumers when one joins or leaves.",
                summary.summary());
        assertFalse(summary.summary().contains("weather"));
    }

    @Test
    void keywordsAreTheMostFrequentWordsWithoutStopWords() {
        assertEquals(List.of("partitions", "consumers", "consumer", "kafka"), provider.summarize(TEXT, 200).keywords());
    }

    @Test
    void theOutputNeverPassesItsTokenAllowance() {
        Summary summary = provider.summarize(TEXT, 12);
        assertTrue(summary.outputTokens() <= 12, "output " + summary.outputTokens());
        assertFalse(summary.summary().isBlank());
    }

    @Test
    void anEmptyDocumentGivesAnEmptySummary() {
        Summary summary = provider.summarize("", 200);
        assertEquals("", summary.summary());
        assertEquals(List.of(), summary.keywords());
    }

    static AiConfig config(int sentences, int keywords) {
        return new AiConfig() {
            public Provider provider() {
                return Provider.LOCAL;
            }

            public int maxInputTokens() {
                return 4000;
            }

            public int maxOutputTokens() {
                return 200;
            }

            public int summarySentences() {
                return sentences;
            }

            public int keywords() {
                return keywords;
            }

            public Duration callTimeout() {
                return Duration.ofSeconds(30);
            }

            public OpenAi openai() {
                return new OpenAi() {
                    public String model() {
                        return "none";
                    }

                    public Optional<String> apiKey() {
                        return Optional.empty();
                    }
                };
            }
        };
    }
}
