package io.citadel.acme;

import io.citadel.core.crypto.pki.CertificateRequests;
import io.citadel.core.crypto.pki.DistinguishedNames;
import io.citadel.core.crypto.pki.Jws;
import io.citadel.core.crypto.pki.SubjectAlternativeName;
import io.citadel.storage.Storage;
import io.citadel.storage.Transaction;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders, their authorizations, finalization, certificates and revocation (RFC 8555 sections 7.4, 7.5, 7.6). An
 * order's status before finalize is derived from its authorizations: invalid if one failed or expired, ready when
 * all are valid, else pending; then ready → processing → valid (or invalid when the CA refused).
 */
public final class AcmeOrders {

    public static final int MAX_IDENTIFIERS = 100;
    /** RFC 5280 CRLReason codes a subscriber may ask for (unspecified, keyCompromise, affiliationChanged, superseded, cessationOfOperation). */
    public static final Set<Integer> REVOCATION_REASONS = Set.of(0, 1, 3, 4, 5);
    private static final Logger LOG = LoggerFactory.getLogger(AcmeOrders.class);

    /** An order with the status a client sees now. */
    public record OrderView(AcmeOrder order, AcmeOrder.Status status) {
    }

    /** Who asks to revoke: the account (by kid) or the holder of the certificate's key (by jwk). */
    public sealed interface Revoker {
        record Account(String accountId) implements Revoker {
        }

        record CertificateKey(Jws.PublicJwk key) implements Revoker {
        }
    }

    private final Storage storage;
    private final InstantSource clock;
    private final SecureRandom random;
    private final AcmeIssuer issuer;
    private final AcmeSettings settings;

    AcmeOrders(Storage storage, InstantSource clock, SecureRandom random, AcmeIssuer issuer, AcmeSettings settings) {
        this.storage = storage;
        this.clock = clock;
        this.random = random;
        this.issuer = issuer;
        this.settings = settings;
    }

    /** A new order for {@code requested} identifiers, with one pending authorization per identifier. */
    public OrderView create(AcmeDirectory d, AcmeAccount account, List<Identifier> requested) {
        AcmeAccounts.requireValid(account);
        if (requested == null || requested.isEmpty()) {
            throw new AcmeProblem(AcmeProblem.Type.MALFORMED, "identifiers: empty (expected: 1.." + MAX_IDENTIFIERS + ")");
        }
        Set<String> seen = new LinkedHashSet<>();
        List<Identifier> identifiers = new ArrayList<>();
        for (Identifier i : requested) {
            if (seen.add(i.value())) {
                identifiers.add(i);
            }
        }
        if (identifiers.size() > MAX_IDENTIFIERS) {
            throw new AcmeProblem(AcmeProblem.Type.REJECTED_IDENTIFIER, "identifiers: " + identifiers.size()
                    + " (expected: at most " + MAX_IDENTIFIERS + ")");
        }
        Instant now = clock.instant();
        Instant expires = now.plus(settings.orderLifetime());
        String orderId = AcmeIds.newId(random);
        List<AcmeAuthorization> authorizations = new ArrayList<>();
        for (Identifier i : identifiers) {
            List<AcmeAuthorization.Challenge> challenges = new ArrayList<>();
            if (!i.wildcard()) {
                challenges.add(new AcmeAuthorization.Challenge(AcmeIds.newId(random), AcmeAuthorization.HTTP_01,
                        AcmeIds.newToken(random), AcmeAuthorization.ChallengeStatus.pending, null, null));
            }
            challenges.add(new AcmeAuthorization.Challenge(AcmeIds.newId(random), AcmeAuthorization.DNS_01,
                    AcmeIds.newToken(random), AcmeAuthorization.ChallengeStatus.pending, null, null));
            if (!i.wildcard()) {
                challenges.add(new AcmeAuthorization.Challenge(AcmeIds.newId(random), AcmeAuthorization.TLS_ALPN_01,
                        AcmeIds.newToken(random), AcmeAuthorization.ChallengeStatus.pending, null, null));
            }
            Instant authzExpires = now.plus(settings.authorizationLifetime());
            authorizations.add(new AcmeAuthorization(AcmeIds.newId(random), account.id(), orderId, i,
                    AcmeAuthorization.Status.pending, authzExpires.isAfter(expires) ? expires : authzExpires, challenges));
        }
        AcmeOrder order = new AcmeOrder(orderId, account.id(), AcmeOrder.Status.pending, identifiers,
                authorizations.stream().map(AcmeAuthorization::id).toList(), expires, null, null, now);
        return storage.transaction(tx -> {
            authorizations.forEach(a -> AcmeRepository.putAuthorization(tx, d, a));
            AcmeRepository.putOrder(tx, d, order);
            return view(tx, d, order, now);
        });
    }

    /** The account's order; 404 when it does not exist or belongs to another account. */
    public OrderView get(AcmeDirectory d, String accountId, String orderId) {
        return view(storage.reads(), d, owned(storage.reads(), d, accountId, orderId), clock.instant());
    }

    public List<String> orderIds(AcmeDirectory d, String accountId) {
        return AcmeRepository.orderIds(storage.reads(), d, accountId);
    }

    /** The account's authorization, with an expired one shown as expired. */
    public AcmeAuthorization authorization(AcmeDirectory d, String accountId, String authzId) {
        Instant now = clock.instant();
        AcmeAuthorization a = ownedAuthorization(storage.reads(), d, accountId, authzId);
        return a.withStatus(a.statusAt(now));
    }

    /** Deactivates a pending or valid authorization (section 7.5.2); its order becomes invalid. */
    public AcmeAuthorization deactivate(AcmeDirectory d, String accountId, String authzId) {
        Instant now = clock.instant();
        return storage.transaction(tx -> {
            AcmeAuthorization a = ownedAuthorization(tx, d, accountId, authzId);
            AcmeAuthorization.Status current = a.statusAt(now);
            if (current != AcmeAuthorization.Status.pending && current != AcmeAuthorization.Status.valid) {
                throw new AcmeProblem(AcmeProblem.Type.MALFORMED, "authorization " + authzId + " is " + current
                        + " (expected: pending or valid to deactivate)");
            }
            AcmeAuthorization updated = a.withStatus(AcmeAuthorization.Status.deactivated);
            AcmeRepository.putAuthorization(tx, d, updated);
            return updated;
        });
    }

    /**
     * Finalizes a ready order with a CSR (section 7.4): its signature must verify, its key must not be the account
     * key and must be RSA 2048..8192 or EC P-256/P-384, and its names (SANs and CN) must be exactly the order's
     * identifiers. The order goes ready → processing → valid, or invalid when the CA refuses.
     */
    public OrderView finalizeOrder(AcmeDirectory d, AcmeAccount account, String orderId, byte[] csrDer) {
        AcmeAccounts.requireValid(account);
        CertificateRequests.CertificateRequest csr;
        try {
            csr = CertificateRequests.parse(csrDer);
        } catch (IllegalArgumentException e) {
            throw new AcmeProblem(AcmeProblem.Type.BAD_CSR, "csr: " + e.getMessage());
        }
        Instant now = clock.instant();
        AcmeOrder processing = storage.transaction(tx -> {
            OrderView view = view(tx, d, owned(tx, d, account.id(), orderId), now);
            if (view.status() != AcmeOrder.Status.ready) {
                throw new AcmeProblem(AcmeProblem.Type.ORDER_NOT_READY, "order " + orderId + " is " + view.status()
                        + " (expected: ready; every authorization must be valid first)");
            }
            checkCsr(csr, account, view.order());
            AcmeOrder next = view.order().with(AcmeOrder.Status.processing, null, null);
            AcmeRepository.putOrder(tx, d, next);
            return next;
        });
        List<String> names = processing.identifiers().stream().map(Identifier::value).toList();
        AcmeIssuer.Issued issued;
        try {
            issued = issuer.issue(d.certificateAuthorityArn(), csrDer, names, Duration.ofDays(d.validityDays()));
        } catch (RuntimeException e) {
            LOG.warn("ACME directory {}: the CA did not issue order {}: {}", d.name(), orderId, e.toString());
            AcmeProblem.StoredError error = new AcmeProblem(AcmeProblem.Type.SERVER_INTERNAL,
                    "the certificate authority did not issue the certificate").stored();
            return storage.transaction(tx -> {
                AcmeOrder failed = processing.with(AcmeOrder.Status.invalid, error, null);
                AcmeRepository.putOrder(tx, d, failed);
                return new OrderView(failed, AcmeOrder.Status.invalid);
            });
        }
        String serialHex = serial(issued.certificate()).toString(16);
        AcmeCertificate certificate = new AcmeCertificate(AcmeIds.newId(random), account.id(), orderId, serialHex,
                issued.certificate(), issued.chain(), clock.instant(), null, null);
        return storage.transaction(tx -> {
            AcmeRepository.putCertificate(tx, d, certificate);
            AcmeOrder valid = processing.with(AcmeOrder.Status.valid, null, certificate.id());
            AcmeRepository.putOrder(tx, d, valid);
            return new OrderView(valid, AcmeOrder.Status.valid);
        });
    }

    /** The certificate for download by the account that ordered it. */
    public AcmeCertificate certificate(AcmeDirectory d, String accountId, String certificateId) {
        AcmeIds.check(certificateId, "certificate");
        AcmeCertificate c = AcmeRepository.certificate(storage.reads(), d, certificateId)
                .filter(x -> x.accountId().equals(accountId))
                .orElseThrow(() -> new AcmeProblem(AcmeProblem.Type.NOT_FOUND, "certificate " + certificateId + " does not exist"));
        return c;
    }

    /**
     * Revokes a certificate this directory issued (section 7.6), asked by the account that ordered it or by the
     * holder of the certificate's private key; the CA records it first.
     */
    public AcmeCertificate revoke(AcmeDirectory d, Revoker revoker, byte[] certificateDer, Integer reason) {
        int code = reason == null ? 0 : reason;
        if (!REVOCATION_REASONS.contains(code)) {
            throw new AcmeProblem(AcmeProblem.Type.BAD_REVOCATION_REASON, "reason: " + code + " (expected: one of 0, 1, 3, 4, 5)");
        }
        X509Certificate parsed = parse(certificateDer);
        String serialHex = parsed.getSerialNumber().toString(16);
        AcmeCertificate stored = AcmeRepository.certificateIdBySerial(storage.reads(), d, serialHex)
                        .flatMap(id -> AcmeRepository.certificate(storage.reads(), d, id))
                .filter(c -> Arrays.equals(c.certificate(), certificateDer))
                .orElseThrow(() -> new AcmeProblem(AcmeProblem.Type.MALFORMED,
                        "certificate with serial " + serialHex + " was not issued by directory " + d.name()));
        boolean allowed = switch (revoker) {
            case Revoker.Account a -> a.accountId().equals(stored.accountId());
            case Revoker.CertificateKey k -> Arrays.equals(k.key().spki(), parsed.getPublicKey().getEncoded());
        };
        if (!allowed) {
            throw new AcmeProblem(AcmeProblem.Type.UNAUTHORIZED, "revokeCert: only the account that ordered certificate "
                    + serialHex + " or the holder of its key may revoke it");
        }
        if (stored.revoked()) {
            throw new AcmeProblem(AcmeProblem.Type.ALREADY_REVOKED, "certificate " + serialHex + " was revoked at " + stored.revokedAt());
        }
        issuer.revoke(d.certificateAuthorityArn(), parsed.getSerialNumber(), code);
        return storage.transaction(tx -> {
            AcmeCertificate current = AcmeRepository.certificate(tx, d, stored.id()).orElseThrow();
            if (current.revoked()) {
                throw new AcmeProblem(AcmeProblem.Type.ALREADY_REVOKED, "certificate " + serialHex + " was revoked at " + current.revokedAt());
            }
            AcmeCertificate revoked = current.revoke(clock.instant(), code);
            AcmeRepository.putCertificate(tx, d, revoked);
            return revoked;
        });
    }

    static OrderView view(Transaction tx, AcmeDirectory d, AcmeOrder order, Instant now) {
        if (order.status() != AcmeOrder.Status.pending) {
            return new OrderView(order, order.status());
        }
        if (!now.isBefore(order.expires())) {
            return new OrderView(order, AcmeOrder.Status.invalid);
        }
        boolean allValid = true;
        for (String id : order.authorizationIds()) {
            AcmeAuthorization.Status s = AcmeRepository.authorization(tx, d, id).map(a -> a.statusAt(now))
                    .orElse(AcmeAuthorization.Status.invalid);
            if (s != AcmeAuthorization.Status.valid && s != AcmeAuthorization.Status.pending) {
                return new OrderView(order, AcmeOrder.Status.invalid);
            }
            allValid &= s == AcmeAuthorization.Status.valid;
        }
        return new OrderView(order, allValid ? AcmeOrder.Status.ready : AcmeOrder.Status.pending);
    }

    private static AcmeOrder owned(Transaction tx, AcmeDirectory d, String accountId, String orderId) {
        AcmeIds.check(orderId, "order");
        return AcmeRepository.order(tx, d, orderId).filter(o -> o.accountId().equals(accountId))
                .orElseThrow(() -> new AcmeProblem(AcmeProblem.Type.NOT_FOUND, "order " + orderId + " does not exist"));
    }

    static AcmeAuthorization ownedAuthorization(Transaction tx, AcmeDirectory d, String accountId, String authzId) {
        AcmeIds.check(authzId, "authorization");
        return AcmeRepository.authorization(tx, d, authzId).filter(a -> a.accountId().equals(accountId))
                .orElseThrow(() -> new AcmeProblem(AcmeProblem.Type.NOT_FOUND, "authorization " + authzId + " does not exist"));
    }

    static void checkCsr(CertificateRequests.CertificateRequest csr, AcmeAccount account, AcmeOrder order) {
        if (!csr.signatureValid()) {
            throw new AcmeProblem(AcmeProblem.Type.BAD_CSR, "csr: its signature does not verify with its own key");
        }
        if (Arrays.equals(csr.publicKey(), account.key().spki())) {
            throw new AcmeProblem(AcmeProblem.Type.BAD_CSR, "csr: its key is the account key (expected: a different key)");
        }
        checkKey(csr.publicKey());
        Set<String> names = new TreeSet<>();
        for (SubjectAlternativeName san : csr.subjectAlternativeNames()) {
            if (!(san instanceof SubjectAlternativeName.Dns dns)) {
                throw new AcmeProblem(AcmeProblem.Type.BAD_CSR, "csr: subjectAltName " + san.value() + " (expected: DNS names only)");
            }
            names.add(dns.value().toLowerCase(Locale.ROOT));
        }
        for (DistinguishedNames.Attribute a : DistinguishedNames.attributes(csr.subject())) {
            if (a.oid().equals(DistinguishedNames.COMMON_NAME)) {
                names.add(a.value().toLowerCase(Locale.ROOT));
            }
        }
        Set<String> ordered = new TreeSet<>(order.identifiers().stream().map(Identifier::value).toList());
        if (!names.equals(ordered)) {
            throw new AcmeProblem(AcmeProblem.Type.BAD_CSR, "csr: names " + names + " (expected: exactly the order's identifiers "
                    + ordered + ")");
        }
    }

    private static void checkKey(byte[] spki) {
        java.security.PublicKey key;
        try {
            key = CertificateRequests.publicKey(spki);
        } catch (IllegalArgumentException e) {
            throw new AcmeProblem(AcmeProblem.Type.BAD_CSR, "csr: " + e.getMessage());
        }
        switch (key) {
            case RSAPublicKey rsa -> {
                int bits = rsa.getModulus().bitLength();
                if (bits < 2048 || bits > 8192) {
                    throw new AcmeProblem(AcmeProblem.Type.BAD_CSR, "csr: RSA key of " + bits + " bits (expected: 2048..8192)");
                }
            }
            case ECPublicKey ec -> {
                int bits = ec.getParams().getCurve().getField().getFieldSize();
                if (bits != 256 && bits != 384) {
                    throw new AcmeProblem(AcmeProblem.Type.BAD_CSR, "csr: EC key on a " + bits + "-bit curve (expected: P-256 or P-384)");
                }
            }
            default -> throw new AcmeProblem(AcmeProblem.Type.BAD_CSR, "csr: " + key.getAlgorithm()
                    + " key (expected: RSA or EC P-256/P-384)");
        }
    }

    static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new AcmeProblem(AcmeProblem.Type.MALFORMED, "certificate: not a DER X.509 certificate");
        }
    }

    private static BigInteger serial(byte[] der) {
        return parse(der).getSerialNumber();
    }
}
