package dev.enclave.ai;

/**
 * The one token count used to reserve and to settle AI budgets, whichever provider answers: each run of letters
 * and digits counts one token per 4 characters (rounded up), every other visible character (punctuation, symbols)
 * one token, white space nothing. Close to what common BPE tokenizers give for English prose, and simple enough
 * that a tenant can check a bill by hand.
 */
final class Tokens {

    private Tokens() {
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
            if (Character.isLetterOrDigit(cp)) {
                int runEnd = next;
                int runChars = 1;
                while (runEnd < text.length() && Character.isLetterOrDigit(text.codePointAt(runEnd))) {
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
}
