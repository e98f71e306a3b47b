package io.citadel.pca;

import io.citadel.core.crypto.pki.Certificates;
import io.citadel.core.crypto.pki.Crls;
import io.citadel.core.crypto.pki.OcspResponses;
import io.citadel.core.schedule.ScheduledJob;
import io.citadel.storage.Transaction;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Revocation that clients can check without AWS credentials: the CA's CRL (regenerated on every revocation, on every
 * change of the revocation configuration, and by a scheduler job halfway to nextUpdate) and OCSP answers signed by the
 * CA. Both are looked up by CA id alone, through the CA index, for the public routes.
 */
public final class Revocation {

    /** How long an OCSP answer may be cached by a client. */
    static final Duration OCSP_VALIDITY = Duration.ofHours(1);

    private final PcaEnvironment env;

    Revocation(PcaEnvironment env) {
        this.env = env;
    }

    static int reasonCode(String reason) {
        return switch (reason) {
            case "UNSPECIFIED" -> Crls.UNSPECIFIED;
            case "KEY_COMPROMISE" -> Crls.KEY_COMPROMISE;
            case "CERTIFICATE_AUTHORITY_COMPROMISE" -> Crls.CA_COMPROMISE;
            case "AFFILIATION_CHANGED" -> Crls.AFFILIATION_CHANGED;
            case "SUPERSEDED" -> Crls.SUPERSEDED;
            case "CESSATION_OF_OPERATION" -> Crls.CESSATION_OF_OPERATION;
            case "PRIVILEGE_WITHDRAWN" -> Crls.PRIVILEGE_WITHDRAWN;
            case "A_A_COMPROMISE" -> Crls.AA_COMPROMISE;
            default -> throw PcaErrors.invalidArgs("RevocationReason: " + reason + " (expected: one of the model's RevocationReason values)");
        };
    }

    /** Publishes a new CRL for {@code ca} when its CRL is enabled and it has a certificate, and schedules the next one. */
    void publish(Transaction tx, StoredAuthority ca, Instant now) {
        Instant next = regenerate(tx, ca, now);
        if (next != null) {
            PcaJobs.scheduleCrl(tx, ca, next);
        }
    }

    /** Writes the CRL; returns when the next should be made (halfway to nextUpdate), or null when the CA publishes none. */
    private Instant regenerate(Transaction tx, StoredAuthority stale, Instant now) {
        StoredAuthority ca = PcaRepository.authority(tx, stale.account(), stale.region(), stale.id()).orElse(null);
        if (ca == null || !ca.revocation().crlEnabled() || !ca.hasCertificate() || ca.status() == StoredAuthority.Status.DELETED) {
            return null;
        }
        Duration life = Duration.ofDays(ca.revocation().crlDays());
        long number = ca.crlNumber() + 1;
        List<Crls.Revoked> entries = new ArrayList<>();
        for (StoredCertificate c : PcaRepository.revoked(tx, ca)) {
            entries.add(new Crls.Revoked(new BigInteger(c.serial(), 16), c.revokedAt(), reasonCode(c.revocationReason())));
        }
        Instant thisUpdate = now;
        Instant nextUpdate = now.plus(life);
        byte[] der = Crls.create(env.issuer(tx, ca, ca.signingAlgorithm()), BigInteger.valueOf(number), thisUpdate, nextUpdate, entries);
        PcaRepository.putCrl(tx, ca, new PcaRepository.PublishedCrl(number, der, thisUpdate, nextUpdate));
        PcaRepository.putAuthority(tx, ca.withCrlNumber(number));
        return now.plus(life.dividedBy(2));
    }

    /** The scheduler job: regenerates the CRL before its nextUpdate and returns the next job. */
    ScheduledJob onJob(Transaction tx, ScheduledJob job) {
        PcaJobs.Target t = PcaJobs.target(job);
        Optional<StoredAuthority> ca = PcaRepository.authority(tx, t.account(), t.region(), t.id());
        if (ca.isEmpty()) {
            return null;
        }
        Instant next = regenerate(tx, ca.get(), env.now());
        return next == null ? null : job.withDueAt(next);
    }

    /** The current CRL (DER) of the CA with this id; empty when there is no such CA or it publishes no CRL. Late CRLs are remade here. */
    public Optional<byte[]> crl(String caId) {
        return env.storage.transaction(tx -> {
            Optional<StoredAuthority> ca = byId(tx, caId);
            if (ca.isEmpty() || !ca.get().revocation().crlEnabled() || !ca.get().hasCertificate()) {
                return Optional.empty();
            }
            Instant now = env.now();
            Optional<PcaRepository.PublishedCrl> crl = PcaRepository.crl(tx, ca.get());
            if (crl.isEmpty() || !crl.get().nextUpdate().isAfter(now)) {
                publish(tx, ca.get(), now);
                crl = PcaRepository.crl(tx, ca.get());
            }
            return crl.map(PcaRepository.PublishedCrl::der);
        });
    }

    /** The DER OCSP response to a DER OCSP request addressed to the CA with this id. */
    public byte[] ocsp(String caId, byte[] request) {
        OcspResponses.Request parsed;
        try {
            parsed = OcspResponses.parseRequest(request);
        } catch (IllegalArgumentException e) {
            return OcspResponses.error(OcspResponses.MALFORMED_REQUEST);
        }
        Transaction reads = env.storage.reads();
        Optional<StoredAuthority> found = byId(reads, caId);
        if (found.isEmpty() || !found.get().revocation().ocspEnabled() || !found.get().hasCertificate()
                || found.get().status() == StoredAuthority.Status.DELETED) {
            return OcspResponses.error(OcspResponses.UNAUTHORIZED);
        }
        StoredAuthority ca = found.get();
        byte[] subject = ca.subjectDer();
        List<OcspResponses.Answer> answers = new ArrayList<>();
        for (OcspResponses.CertificateId id : parsed.ids()) {
            OcspResponses.Status status = new OcspResponses.Status.Unknown();
            if (OcspResponses.issuedBy(id, subject, ca.publicKey())) {
                Optional<StoredCertificate> cert = PcaRepository.certificate(reads, ca, Serials.key(id.serial()));
                if (cert.isPresent()) {
                    status = cert.get().isRevoked()
                            ? new OcspResponses.Status.Revoked(cert.get().revokedAt(), reasonCode(cert.get().revocationReason()))
                            : new OcspResponses.Status.Good();
                }
            }
            answers.add(new OcspResponses.Answer(id, status));
        }
        Instant now = env.now();
        Certificates.Issuer issuer = env.issuer(reads, ca, ca.signingAlgorithm());
        return OcspResponses.respond(issuer, answers, now, now, now.plus(OCSP_VALIDITY), parsed.nonce(), List.of(ca.certificate()));
    }

    private static Optional<StoredAuthority> byId(Transaction tx, String caId) {
        if (caId == null || !caId.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
            return Optional.empty();
        }
        return PcaRepository.index(tx, caId).flatMap(i -> PcaRepository.authority(tx, i.account(), i.region(), caId));
    }
}
