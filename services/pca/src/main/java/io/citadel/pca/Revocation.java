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
 * CA. Both are looked up by CA id alone, through the CA index, for the public routes. Nothing here signs inside a
 * storage transaction. Nonce-less OCSP answers about one certificate are pre-produced ({@link OcspResponseCache}).
 */
public final class Revocation {

    /** How long an OCSP answer may be cached by a client. */
    static final Duration OCSP_VALIDITY = Duration.ofHours(1);

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Revocation.class);

    private final PcaEnvironment env;
    private final java.util.Queue<PcaJobs.Target> due = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final OcspResponseCache preProduced = new OcspResponseCache();

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

    /**
     * Makes and stores a new CRL for the CA if it publishes one, and schedules the next halfway to nextUpdate. The CRL is
     * signed outside any storage transaction (a KMS-held key signs through KMS, which reads storage itself), then stored
     * only if no revocation or other CRL came in between; otherwise it is made again.
     */
    void publish(String account, String region, String id) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Transaction reads = env.storage.reads();
            StoredAuthority ca = PcaRepository.authority(reads, account, region, id).orElse(null);
            if (ca == null || !ca.revocation().crlEnabled() || !ca.hasCertificate() || ca.status() == StoredAuthority.Status.DELETED) {
                return;
            }
            List<Crls.Revoked> entries = new ArrayList<>();
            for (StoredCertificate c : PcaRepository.revoked(reads, ca)) {
                entries.add(new Crls.Revoked(new BigInteger(c.serial(), 16), c.revokedAt(), reasonCode(c.revocationReason())));
            }
            Duration life = Duration.ofDays(ca.revocation().crlDays());
            long number = ca.crlNumber() + 1;
            Instant now = env.now();
            byte[] der = Crls.create(env.issuer(reads, ca, ca.signingAlgorithm()), BigInteger.valueOf(number), now, now.plus(life), entries);
            boolean stored = env.storage.transaction(tx -> {
                StoredAuthority current = PcaRepository.authority(tx, account, region, id).orElse(null);
                // revocations are never undone, so an unchanged count means an unchanged list
                if (current == null || current.crlNumber() != ca.crlNumber() || PcaRepository.revoked(tx, current).size() != entries.size()) {
                    return false;
                }
                PcaRepository.putCrl(tx, current, new PcaRepository.PublishedCrl(number, der, now, now.plus(life)));
                PcaRepository.putAuthority(tx, current.withCrlNumber(number));
                PcaJobs.scheduleCrl(tx, current, now.plus(life.dividedBy(2)));
                return true;
            });
            if (stored) {
                return;
            }
        }
        throw new IllegalStateException("the CRL of " + id + " changed under five attempts to publish it");
    }

    /** As above, logging instead of failing: for callers whose own change is already committed (a CRL job retries). */
    void publishQuietly(StoredAuthority ca) {
        try {
            publish(ca.account(), ca.region(), ca.id());
        } catch (RuntimeException e) {
            LOG.warn("cannot publish the CRL of {} now (the scheduler retries): {}", ca.arn(), e.getMessage());
        }
    }

    /**
     * The scheduler job, inside the scheduler's transaction: notes the CA for {@link #publishDue()} (signing cannot run in
     * the transaction) and keeps the job an hour later in case this node stops before publishing.
     */
    ScheduledJob onJob(Transaction tx, ScheduledJob job) {
        PcaJobs.Target t = PcaJobs.target(job);
        if (PcaRepository.authority(tx, t.account(), t.region(), t.id()).isEmpty()) {
            return null;
        }
        due.add(t);
        return job.withDueAt(env.now().plus(Duration.ofHours(1)));
    }

    /** Publishes the CRLs whose jobs this node ran; the node calls it after each scheduler run. Returns how many it tried. */
    int publishDue() {
        int n = 0;
        for (PcaJobs.Target t = due.poll(); t != null; t = due.poll()) {
            n++;
            try {
                publish(t.account(), t.region(), t.id());
            } catch (RuntimeException e) {
                LOG.warn("cannot publish the CRL of {} now (retried in an hour): {}", t.id(), e.getMessage());
            }
        }
        return n;
    }

    /** The current CRL (DER) of the CA with this id; empty when there is no such CA or it publishes no CRL. Late CRLs are remade here. */
    public Optional<byte[]> crl(String caId) {
        Transaction reads = env.storage.reads();
        Optional<StoredAuthority> ca = byId(reads, caId);
        if (ca.isEmpty() || !ca.get().revocation().crlEnabled() || !ca.get().hasCertificate()) {
            return Optional.empty();
        }
        Optional<PcaRepository.PublishedCrl> crl = PcaRepository.crl(reads, ca.get());
        if (crl.isEmpty() || !crl.get().nextUpdate().isAfter(env.now())) {
            try {
                publish(ca.get().account(), ca.get().region(), ca.get().id());
            } catch (RuntimeException e) {
                // the last CRL, even late, tells a client more than an error
                LOG.warn("cannot remake the CRL of {}: {}", ca.get().arn(), e.getMessage());
            }
            crl = PcaRepository.crl(env.storage.reads(), ca.get());
        }
        return crl.map(PcaRepository.PublishedCrl::der);
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
        byte[] subject = ca.issuerName();
        // each certificate's record as stored now: the answer is made from it, and a pre-produced answer holds only for it
        List<byte[]> records = new ArrayList<>();
        for (OcspResponses.CertificateId id : parsed.ids()) {
            records.add(PcaRepository.certificateRecord(reads, ca, Serials.key(id.serial())).orElse(null));
        }
        Instant now = env.now();
        // RFC 5019: a nonce-less request about one certificate may get a pre-produced answer; a nonce needs a fresh signature
        boolean preProducible = parsed.nonce() == null && parsed.ids().size() == 1;
        byte[] certId = parsed.ids().get(0).der();
        if (preProducible) {
            byte[] cached = preProduced.get(caId, certId, records.get(0), ca.certificate(), now);
            if (cached != null) {
                return cached;
            }
        }
        List<OcspResponses.Answer> answers = new ArrayList<>();
        for (int i = 0; i < parsed.ids().size(); i++) {
            OcspResponses.CertificateId id = parsed.ids().get(i);
            OcspResponses.Status status = new OcspResponses.Status.Unknown();
            if (records.get(i) != null && OcspResponses.issuedBy(id, subject, ca.publicKey())) {
                StoredCertificate cert = PcaRepository.readCertificate(records.get(i));
                status = cert.isRevoked()
                        ? new OcspResponses.Status.Revoked(cert.revokedAt(), reasonCode(cert.revocationReason()))
                        : new OcspResponses.Status.Good();
            }
            answers.add(new OcspResponses.Answer(id, status));
        }
        try {
            Certificates.Issuer issuer = env.issuer(reads, ca, ca.signingAlgorithm());
            byte[] response = OcspResponses.respond(issuer, answers, now, now, now.plus(OCSP_VALIDITY), parsed.nonce(),
                    List.of(ca.certificate()));
            if (preProducible) {
                preProduced.put(caId, certId, records.get(0), ca.certificate(), now, response);
            }
            return response;
        } catch (RuntimeException e) {
            // a KMS-held key that cannot sign now, say: RFC 6960's internalError, never an HTTP 500
            LOG.warn("cannot sign an OCSP response for {}: {}", ca.arn(), e.getMessage());
            return OcspResponses.error(OcspResponses.INTERNAL_ERROR);
        }
    }

    /**
     * Why a client certificate that chains to the CA {@code caArn} must not authenticate, for a TLS listener that takes
     * its client CA from ACM PCA: the CA revoked it, or the CA has no record of issuing it (a certificate signed by the
     * CA's key that the CA never recorded can only come from a leaked key, so the listener fails closed). Empty when
     * the CA issued it and has not revoked it. One point read, no signing: cheap enough for every handshake.
     */
    public Optional<String> clientCertificateRefusal(String caArn, BigInteger serial) {
        Transaction reads = env.storage.reads();
        String caId = caArn.substring(caArn.lastIndexOf('/') + 1);
        Optional<StoredAuthority> ca = byId(reads, caId).filter(a -> a.arn().equals(caArn));
        if (ca.isEmpty()) {
            return Optional.of("the certificate authority " + caArn + " does not exist");
        }
        Optional<byte[]> record = PcaRepository.certificateRecord(reads, ca.get(), Serials.key(serial));
        if (record.isEmpty()) {
            return Optional.of("certificate serial " + Serials.colons(Serials.key(serial)) + " was not issued by " + caArn);
        }
        StoredCertificate cert = PcaRepository.readCertificate(record.get());
        if (cert.isRevoked()) {
            return Optional.of("certificate serial " + Serials.colons(Serials.key(serial)) + " was revoked by " + caArn + " at "
                    + cert.revokedAt() + " (" + cert.revocationReason() + ")");
        }
        return Optional.empty();
    }

    private static Optional<StoredAuthority> byId(Transaction tx, String caId) {
        if (caId == null || !caId.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
            return Optional.empty();
        }
        return PcaRepository.index(tx, caId).flatMap(i -> PcaRepository.authority(tx, i.account(), i.region(), caId));
    }
}
