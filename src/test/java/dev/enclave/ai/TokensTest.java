package dev.enclave.ai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The documented token count: per word ceil(length / 4), one per other visible character, none for spaces. */
class TokensTest {

    @Test
    void wordsCountOnePerFourCharacters() {
        assertEquals(0, Tokens.count(""));
        assertEquals(1, Tokens.count("a"));
        assertEquals(1, Tokens.count("four"));
        assertEquals(2, Tokens.count("fives"));
        assertEquals(3, Tokens.count("internationa"));
        assertEquals(4, Tokens.count("the cat sat down"));
    }

    @Test
    void punctuationCountsOneEachAndSpacesNothing() {
        assertEquals(4, Tokens.count("Hi, you."));
        assertEquals(2, Tokens.count("  \n\t ?! "));
        assertEquals(4, Tokens.count("Grüße 東京")); // a word of 5 letters: 2; two Han characters: 1 each
    }

    /** Scripts without spaces: one token per character, not one per four characters of a "word" of 16,000. */
    @Test
    void scriptsWrittenWithoutSpacesCountOnePerCharacter() {
        String chinese = "数据库多租户隔离".repeat(2_000); // 16,000 Han characters, no spaces
        assertEquals(16_000, Tokens.count(chinese));
        assertEquals(13, Tokens.count("こんにちは世界カタカナです")); // hiragana, kanji and katakana
        assertEquals(10, Tokens.count("ภาษาไทยง่าย".replaceAll("\\p{M}", ""))); // Thai letters, without the vowel marks
    }

    @Test
    void truncateKeepsAtMostTheGivenTokens() {
        String text = "one two three four five";
        assertEquals("one two three", Tokens.truncate(text, 4).strip()); // one(1) two(1) three(2)
        assertEquals(4, Tokens.count(Tokens.truncate(text, 4)));
        assertEquals(text, Tokens.truncate(text, 100));
        assertEquals("", Tokens.truncate(text, 0));
    }
}
