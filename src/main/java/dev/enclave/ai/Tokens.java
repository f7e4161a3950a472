package dev.enclave.ai;

/**
 * The token count used to reserve AI budgets, and to settle them when the provider does not report its own count:
 * each run of letters and digits counts one token per 4 characters (rounded up), except in scripts written without
 * spaces (CJK, Thai, Lao, Khmer, Myanmar, Tibetan, ...), where every character is a token (tokenizers spend at least
 * that on them; a run of 16,000 such characters is not 4,000 tokens); every other visible character (punctuation,
 * symbols) one token, white space nothing. Meant to err on the high side, and simple enough that a tenant can check
 * a bill by hand.
 */
final class Tokens {

    /** What a chat API adds per message (role and separators) and to prime the reply: erring high, as above. */
    static final int PER_MESSAGE = 4;
    static final int REPLY_PRIMING = 3;

    private Tokens() {
    }

    /** A chat prompt: the system and user messages with their framing. */
    static long chat(String system, String user) {
        return count(system) + count(user) + 2L * PER_MESSAGE + REPLY_PRIMING;
    }

    static long count(String text) {
        return measure(text, Long.MAX_VALUE).tokens;
    }

    /** The longest prefix of {@code text} that counts at most {@code max} tokens. */
    static String truncate(String text, long max) {
        return text.substring(0, measure(text, max).end);
    }

    private record Measure(long tokens, int end) {
    }

    private static Measure measure(String text, long max) {
        long tokens = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (Character.isLetterOrDigit(cp) && !withoutSpaces(cp)) {
                int runEnd = next;
                int runChars = 1;
                while (runEnd < text.length() && Character.isLetterOrDigit(text.codePointAt(runEnd))
                        && !withoutSpaces(text.codePointAt(runEnd))) {
                    runEnd += Character.charCount(text.codePointAt(runEnd));
                    runChars++;
                }
                long cost = (runChars + 3) / 4;
                if (tokens + cost > max) {
                    return new Measure(tokens, i);
                }
                tokens += cost;
                i = runEnd;
            } else if (Character.isWhitespace(cp)) {
                i = next;
            } else {
                if (tokens + 1 > max) {
                    return new Measure(tokens, i);
                }
                tokens++;
                i = next;
            }
        }
        return new Measure(tokens, text.length());
    }

    /** A character of a script written without spaces between words: one token each. */
    private static boolean withoutSpaces(int cp) {
        return switch (Character.UnicodeScript.of(cp)) {
            case HAN, HIRAGANA, KATAKANA, HANGUL, BOPOMOFO, YI, THAI, LAO, KHMER, MYANMAR, TIBETAN, BALINESE, JAVANESE -> true;
            default -> false;
        };
    }
}
