package dev.enclave.portability;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A file's content digest "ids aside": the sum modulo 2^256 of the SHA-256 of each record's canonical content
 * (the entity's content fields that the record has, as JSON with keys sorted at every level, no whitespace), in
 * hex. A sum, not a hash of the file: an import gives new ids, so the copy's export lists the same records in
 * another order; a sum is order-independent and, unlike XOR, two equal records do not cancel out.
 */
final class ContentDigest {

    static final String DESCRIPTION = "sum mod 2^256 of SHA-256(canonical JSON of each record's contentFields: keys sorted"
            + " at every level, no whitespace, absent fields left out), hex; independent of record order";
    private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);

    private final ObjectMapper json;
    private final List<String> fields;
    private BigInteger sum = BigInteger.ZERO;

    ContentDigest(ObjectMapper json, List<String> fields) {
        this.json = json;
        this.fields = fields;
    }

    void add(ObjectNode record) {
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        fields.stream().sorted().filter(record::has).forEach(f -> content.set(f, canonical(record.get(f))));
        try {
            sum = sum.add(new BigInteger(1, sha256().digest(json.writeValueAsBytes(content)))).mod(MODULUS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    String hex() {
        return String.format("%064x", sum);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        return String.format("%0" + bytes.length * 2 + "x", new BigInteger(1, bytes));
    }

    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.stream().sorted().forEach(n -> sorted.set(n, canonical(node.get(n))));
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> array.add(canonical(element)));
            return array;
        }
        return node;
    }
}
