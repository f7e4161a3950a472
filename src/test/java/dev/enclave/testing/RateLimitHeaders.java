package dev.enclave.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the IETF draft's {@code RateLimit-Policy: "default";q=..;w=..} and {@code RateLimit: "default";r=..;t=..}:
 * one parameter of the "default" item, or null when the header or the parameter is missing.
 */
public final class RateLimitHeaders {

    private RateLimitHeaders() {
    }

    public static String param(String header, String name) {
        if (header == null || !header.startsWith("\"default\";")) {
            return null;
        }
        Matcher m = Pattern.compile(";" + Pattern.quote(name) + "=([0-9]+)(;|$)").matcher(header);
        return m.find() ? m.group(1) : null;
    }
}
