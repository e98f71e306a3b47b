package io.citadel.core.crypto.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;

/**
 * RFC 6960 OCSP: parses a request into the certificate ids it asks about, tells whether an id names a given issuer,
 * and builds the signed basic response (responder id by key hash, the request's nonce echoed) or an unsigned error
 * response. The CA itself signs, so clients need no delegated responder certificate.
 */
public final class OcspResponses {

    /** OCSPResponseStatus values for {@link #error}. */
    public static final int MALFORMED_REQUEST = 1;
    public static final int INTERNAL_ERROR = 2;
    public static final int UNAUTHORIZED = 6;

    /** One CertID of a request, kept as DER so the response can echo it exactly. */
    public record CertificateId(byte[] der, BigInteger serial) {
        public CertificateId {
            Objects.requireNonNull(der, "der");
            Objects.requireNonNull(serial, "serial");
        }
    }

    /** A parsed request: the ids asked about and the nonce extension's value (null when absent). */
    public record Request(List<CertificateId> ids, byte[] nonce) {
        public Request {
            ids = List.copyOf(ids);
        }
    }

    /** What the responder knows about one certificate. */
    public sealed interface Status {
        record Good() implements Status {
        }

        record Revoked(Instant at, int reason) implements Status {
        }

        record Unknown() implements Status {
        }
    }

    /** The answer for one id. */
    public record Answer(CertificateId id, Status status) {
    }

    private OcspResponses() {
    }

    /** Parses a DER OCSPRequest; throws {@link IllegalArgumentException} when it is not one. */
    public static Request parseRequest(byte[] der) {
        OCSPReq request;
        try {
            request = new OCSPReq(der);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("malformed OCSP request");
        }
        List<CertificateId> ids = new ArrayList<>();
        for (Req r : request.getRequestList()) {
            CertificateID id = r.getCertID();
            try {
                ids.add(new CertificateId(id.toASN1Primitive().getEncoded(ASN1Encoding.DER), id.getSerialNumber()));
            } catch (IOException e) {
                throw new IllegalArgumentException("malformed OCSP request");
            }
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("OCSP request asks about no certificate");
        }
        Extension nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        return new Request(ids, nonce == null ? null : nonce.getExtnValue().getOctets());
    }

    /** Whether {@code id} names a certificate issued under {@code issuerSubject} (DER name) and {@code issuerSpki}. */
    public static boolean issuedBy(CertificateId id, byte[] issuerSubject, byte[] issuerSpki) {
        CertID certId = CertID.getInstance(id.der());
        String hash = switch (certId.getHashAlgorithm().getAlgorithm().getId()) {
            case "1.3.14.3.2.26" -> "SHA-1";
            case "2.16.840.1.101.3.4.2.1" -> "SHA-256";
            case "2.16.840.1.101.3.4.2.2" -> "SHA-384";
            case "2.16.840.1.101.3.4.2.3" -> "SHA-512";
            default -> null;
        };
        if (hash == null) {
            return false;
        }
        try {
            MessageDigest digest = MessageDigest.getInstance(hash);
            byte[] nameHash = digest.digest(issuerSubject);
            byte[] keyHash = digest.digest(SubjectPublicKeyInfo.getInstance(issuerSpki).getPublicKeyData().getBytes());
            return MessageDigest.isEqual(nameHash, certId.getIssuerNameHash().getOctets())
                    && MessageDigest.isEqual(keyHash, certId.getIssuerKeyHash().getOctets());
        } catch (NoSuchAlgorithmException e) {
            return false;
        }
    }

    /**
     * The DER of a successful OCSPResponse signed by {@code issuer}, answering every id. {@code certificates} (DER) travel
     * in the response's certs field (the CA's own certificate, so clients can check the signer).
     */
    public static byte[] respond(Certificates.Issuer issuer, List<Answer> answers, Instant producedAt, Instant thisUpdate,
                                 Instant nextUpdate, byte[] nonce, List<byte[]> certificates) {
        try {
            DigestCalculator sha1 = new BcDigestCalculatorProvider().get(CertificateID.HASH_SHA1);
            BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(
                    new RespID(Certificates.spki(issuer.publicKey(), "issuer public key"), sha1));
            for (Answer a : answers) {
                CertificateStatus status = switch (a.status()) {
                    case Status.Good g -> CertificateStatus.GOOD;
                    case Status.Revoked r -> new RevokedStatus(Date.from(r.at()), r.reason());
                    case Status.Unknown u -> new UnknownStatus();
                };
                builder.addResponse(new CertificateID(CertID.getInstance(a.id().der())), status, Date.from(thisUpdate),
                        nextUpdate == null ? null : Date.from(nextUpdate));
            }
            if (nonce != null) {
                // the extension's value exactly as the request carried it (RFC 8954: an OCTET STRING inside)
                builder.setResponseExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, nonce)));
            }
            X509CertificateHolder[] chain = certificates.stream().map(OcspResponses::holder).toArray(X509CertificateHolder[]::new);
            var basic = builder.build(Certificates.contentSigner(issuer.signer()), chain, Date.from(producedAt));
            return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
        } catch (OCSPException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("OCSP response encoding failed", e);
        }
    }

    /** The DER of an unsuccessful OCSPResponse (no body, unsigned, as RFC 6960 4.2.1 says). */
    public static byte[] error(int status) {
        try {
            return new OCSPResp(new org.bouncycastle.asn1.ocsp.OCSPResponse(
                    new org.bouncycastle.asn1.ocsp.OCSPResponseStatus(status), null)).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("OCSP response encoding failed", e);
        }
    }

    private static X509CertificateHolder holder(byte[] der) {
        try {
            return new X509CertificateHolder(der);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed certificate for the OCSP response");
        }
    }
}
