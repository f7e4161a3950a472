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
        assertEquals(3, Tokens.count("Grüße 東京")); // letters of any script: 2 + 1
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
