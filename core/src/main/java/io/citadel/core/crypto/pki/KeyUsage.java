package io.citadel.core.crypto.pki;

/** RFC 5280 keyUsage bits, in the order of the bit string. */
public enum KeyUsage {
    DIGITAL_SIGNATURE(org.bouncycastle.asn1.x509.KeyUsage.digitalSignature),
    NON_REPUDIATION(org.bouncycastle.asn1.x509.KeyUsage.nonRepudiation),
    KEY_ENCIPHERMENT(org.bouncycastle.asn1.x509.KeyUsage.keyEncipherment),
    DATA_ENCIPHERMENT(org.bouncycastle.asn1.x509.KeyUsage.dataEncipherment),
    KEY_AGREEMENT(org.bouncycastle.asn1.x509.KeyUsage.keyAgreement),
    KEY_CERT_SIGN(org.bouncycastle.asn1.x509.KeyUsage.keyCertSign),
    CRL_SIGN(org.bouncycastle.asn1.x509.KeyUsage.cRLSign),
    ENCIPHER_ONLY(org.bouncycastle.asn1.x509.KeyUsage.encipherOnly),
    DECIPHER_ONLY(org.bouncycastle.asn1.x509.KeyUsage.decipherOnly);

    final int bit;

    KeyUsage(int bit) {
        this.bit = bit;
    }
}
