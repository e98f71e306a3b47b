package io.citadel.core.crypto.pki;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** RFC 7468 textual encoding: {@code -----BEGIN <label>-----}, base64 in 64-column lines, {@code -----END <label>-----}. */
public final class Pem {

    public static final String CERTIFICATE = "CERTIFICATE";
    public static final String CERTIFICATE_REQUEST = "CERTIFICATE REQUEST";
    public static final String PRIVATE_KEY = "PRIVATE KEY";
    public static final String ENCRYPTED_PRIVATE_KEY = "ENCRYPTED PRIVATE KEY";
    public static final String PUBLIC_KEY = "PUBLIC KEY";
    public static final String X509_CRL = "X509 CRL";

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    /** One decoded block. */
    public record Block(String label, byte[] der) {
        public Block {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(der, "der");
        }
    }

    private Pem() {
    }

    /** Encodes {@code der} under {@code label}, ending with a newline. */
    public static String encode(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    /** Every block in {@code text}, in order; text between blocks is ignored. Throws {@link IllegalArgumentException} on bad base64. */
    public static List<Block> decodeAll(String text) {
        Objects.requireNonNull(text, "text");
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("PEM block " + m.group(1) + " is not valid base64");
            }
        }
        return blocks;
    }

    /** The DER of the only block in {@code text}, which must carry {@code label}. */
    public static byte[] decodeOne(String text, String label) {
        List<Block> blocks = decodeAll(text);
        if (blocks.size() != 1) {
            throw new IllegalArgumentException("expected one PEM " + label + " block, found " + blocks.size());
        }
        if (!blocks.get(0).label().equals(label)) {
            throw new IllegalArgumentException("expected a PEM " + label + " block, found " + blocks.get(0).label());
        }
        return blocks.get(0).der();
    }

    /** The DER of every block in {@code text}, each of which must carry {@code label} (a chain of certificates, say). */
    public static List<byte[]> decodeEvery(String text, String label) {
        List<byte[]> ders = new ArrayList<>();
        for (Block block : decodeAll(text)) {
            if (!block.label().equals(label)) {
                throw new IllegalArgumentException("expected PEM " + label + " blocks, found " + block.label());
            }
            ders.add(block.der());
        }
        return ders;
    }
}
