package io.citadel.core.crypto.pki;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * X.500 names as DER, built from (OID, value) attributes in order, and read back the same way. Values are
 * encoded as X.520 prescribes for their type (PrintableString for country and serial number, UTF8String else).
 */
public final class DistinguishedNames {

    public static final String COUNTRY = "2.5.4.6";
    public static final String ORGANIZATION = "2.5.4.10";
    public static final String ORGANIZATIONAL_UNIT = "2.5.4.11";
    public static final String DISTINGUISHED_NAME_QUALIFIER = "2.5.4.46";
    public static final String STATE = "2.5.4.8";
    public static final String COMMON_NAME = "2.5.4.3";
    public static final String SERIAL_NUMBER = "2.5.4.5";
    public static final String LOCALITY = "2.5.4.7";
    public static final String TITLE = "2.5.4.12";
    public static final String SURNAME = "2.5.4.4";
    public static final String GIVEN_NAME = "2.5.4.42";
    public static final String INITIALS = "2.5.4.43";
    public static final String PSEUDONYM = "2.5.4.65";
    public static final String GENERATION_QUALIFIER = "2.5.4.44";

    /** One attribute of a name. */
    public record Attribute(String oid, String value) {
        public Attribute {
            Objects.requireNonNull(oid, "oid");
            Objects.requireNonNull(value, "value");
            if (ASN1ObjectIdentifier.tryFromID(oid) == null) {
                throw new IllegalArgumentException("not an object identifier: " + oid);
            }
        }
    }

    private DistinguishedNames() {
    }

    /** The DER of a name with one attribute per RDN, in the given order. */
    public static byte[] encode(List<Attribute> attributes) {
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
        for (Attribute a : attributes) {
            builder.addRDN(new ASN1ObjectIdentifier(a.oid()), a.value());
        }
        return der(builder.build());
    }

    /** The DER of a name given in RFC 4514 form ({@code CN=example.com,O=Example}). */
    public static byte[] parse(String rfc4514) {
        try {
            return der(new X500Name(BCStyle.INSTANCE, rfc4514));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a distinguished name: " + rfc4514);
        }
    }

    /** The attributes of a DER name, in order. */
    public static List<Attribute> attributes(byte[] der) {
        List<Attribute> out = new ArrayList<>();
        for (RDN rdn : name(der).getRDNs()) {
            for (AttributeTypeAndValue tv : rdn.getTypesAndValues()) {
                out.add(new Attribute(tv.getType().getId(), org.bouncycastle.asn1.x500.style.IETFUtils.valueToString(tv.getValue())));
            }
        }
        return out;
    }

    /** The RFC 4514 string form of a DER name, as OpenSSL's -nameopt RFC2253 would print it. */
    public static String toString(byte[] der) {
        return BCStyle.INSTANCE.toString(name(der));
    }

    static X500Name name(byte[] der) {
        try {
            return X500Name.getInstance(der);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException("malformed distinguished name");
        }
    }

    private static byte[] der(X500Name name) {
        try {
            return name.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("name encoding failed", e);
        }
    }
}
