package dev.enclave.ai;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The built-in provider: extractive, deterministic, no network. Words are lower-cased and stop words dropped;
 * a word's weight is its frequency in the document divided by the highest frequency. A sentence scores the sum
 * of its words' weights divided by the square root of its word count (long sentences do not win by length alone);
 * the best sentences are returned in document order. Keywords are the most frequent words (ties: first seen).
 * Same text in, same summary out.
 */
@ApplicationScoped
class LocalSummaryProvider implements SummaryProvider {

    static final String NAME = "local";
    static final String MODEL = "extractive-tf-1";

    private static final Pattern SENTENCE = Pattern.compile("[^.!?\\n]+(?:[.!?]+|$)", Pattern.MULTILINE);
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['’][\\p{L}]+)?");
    private static final Set<String> STOP_WORDS = Set.of("a", "about", "above", "after", "again", "against", "all", "also",
            "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between",
            "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "either", "else",
            "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him",
            "himself", "his", "how", "however", "i", "if", "in", "into", "is", "it", "it's", "its", "itself", "just", "may",
            "me", "might", "more", "most", "much", "must", "my", "myself", "no", "nor", "not", "now", "of", "off", "on",
            "once", "one", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "per", "same", "she",
            "should", "so", "some", "such", "than", "that", "that's", "the", "their", "theirs", "them", "themselves",
            "then", "there", "these", "they", "this", "those", "through", "thus", "to", "too", "under", "until", "up",
            "upon", "us", "very", "via", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom",
            "why", "will", "with", "within", "without", "would", "yet", "you", "your", "yours", "yourself", "yourselves");

    private final int sentences;
    private final int keywords;

    LocalSummaryProvider(AiConfig config) {
        this.sentences = config.summarySentences();
        this.keywords = config.keywords();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Summary summarize(String text, int maxOutputTokens, ProviderCall call) {
        call.attempt();
        Summary summary = summarize(text, maxOutputTokens);
        call.answered();
        return summary;
    }

    Summary summarize(String text, int maxOutputTokens) {
        Map<String, Integer> frequency = new LinkedHashMap<>(); // insertion order = first occurrence, for ties
        for (String word : words(text)) {
            frequency.merge(word, 1, Integer::sum);
        }
        List<String> keywordList = topKeywords(frequency);
        int highest = frequency.values().stream().max(Integer::compare).orElse(1);

        List<Scored> scored = new ArrayList<>();
        Matcher m = SENTENCE.matcher(text);
        for (int position = 0; m.find(); ) {
            String sentence = m.group().strip();
            List<String> words = words(sentence);
            if (words.isEmpty()) {
                continue;
            }
            double weight = words.stream().mapToDouble(w -> frequency.getOrDefault(w, 0) / (double) highest).sum();
            scored.add(new Scored(position++, sentence, weight / Math.sqrt(words.size())));
        }
        List<Scored> best = scored.stream()
                .sorted(Comparator.comparingDouble(Scored::score).reversed().thenComparingInt(Scored::position))
                .limit(sentences)
                .sorted(Comparator.comparingInt(Scored::position))
                .toList();
        String summary = String.join(" ", best.stream().map(Scored::text).toList());
        return new Summary(summary, keywordList, MODEL).fit(maxOutputTokens);
    }

    private List<String> topKeywords(Map<String, Integer> frequency) {
        List<String> order = new ArrayList<>(frequency.keySet());
        Map<String, Integer> firstSeen = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            firstSeen.put(order.get(i), i);
        }
        return order.stream()
                .filter(w -> w.length() >= 3 && !w.chars().allMatch(Character::isDigit))
                .sorted(Comparator.comparing((String w) -> frequency.get(w)).reversed().thenComparing(firstSeen::get))
                .limit(keywords)
                .toList();
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            String word = m.group().toLowerCase(Locale.ROOT).replace('’', '\'');
            if (!STOP_WORDS.contains(word)) {
                words.add(word);
            }
        }
        return words;
    }

    private record Scored(int position, String text, double score) {
    }
}
