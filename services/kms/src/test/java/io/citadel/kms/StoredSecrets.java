package io.citadel.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citadel.core.crypto.AeadException;
import io.citadel.storage.Entry;
import io.citadel.storage.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * What someone holding the database and the root key could try: open every stored value through
 * the barrier, take every 32-byte string in it as a candidate key material, and try each on a
 * symmetric ciphertext blob.
 */
final class StoredSecrets {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StoredSecrets() {
    }

    static List<byte[]> candidateMaterials(Storage storage) {
        List<byte[]> out = new ArrayList<>();
        for (Entry entry : KmsHarness.entries(storage)) {
            JsonNode tree;
            try {
                tree = JSON.readTree(entry.value());
            } catch (IOException e) {
                continue;
            }
            if (tree != null) {
                collect(tree, out);
            }
        }
        return out;
    }

    private static void collect(JsonNode node, List<byte[]> out) {
        if (node.isTextual()) {
            try {
                byte[] bytes = Base64.getDecoder().decode(node.asText());
                if (bytes.length == 32) {
                    out.add(bytes);
                }
            } catch (IllegalArgumentException e) {
                // not base64: not key material
            }
        }
        node.forEach(child -> collect(child, out));
    }

    /** Whether any 32-byte value stored anywhere opens {@code blob}. */
    static boolean anyOpens(Storage storage, byte[] blob, Map<String, String> context) {
        for (byte[] candidate : candidateMaterials(storage)) {
            try {
                SymmetricCiphertext.decrypt(blob, candidate, context);
                return true;
            } catch (AeadException e) {
                // not this one
            }
        }
        return false;
    }
}
