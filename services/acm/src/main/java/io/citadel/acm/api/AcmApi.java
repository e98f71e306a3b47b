package io.citadel.acm.api;

import io.citadel.acm.Acm;
import io.citadel.acm.CertificateIssuance;
import io.citadel.acm.CertificateReads;
import io.citadel.acm.CertificateSearch;
import io.citadel.acm.CertificateTags;
import io.citadel.protocol.Operation;
import io.citadel.protocol.ServiceApi;
import io.citadel.protocol.WireProtocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ACM operation table (json 1.1, target prefix CertificateManager, signing name acm): the 15 classic operations
 * of the model and SearchCertificates; RevokeCertificate and the managed ACME endpoints are not offered.
 */
public final class AcmApi {

    public static final WireProtocol.Json PROTOCOL = new WireProtocol.Json("CertificateManager", "1.1");

    private AcmApi() {
    }

    /** The output of an operation whose model output is empty. */
    record Empty() {
    }

    public static ServiceApi create(Acm acm) {
        List<Operation<?, ?>> ops = new ArrayList<>();
        CertificateReads reads = acm.reads();
        ops.add(new Operation<>("RequestCertificate", RequestCertificateRequest.class, false, (ctx, r) -> {
            Map<String, String> dvo = null;
            if (r.domainValidationOptions() != null) {
                dvo = new LinkedHashMap<>();
                for (DomainValidationOption o : r.domainValidationOptions()) {
                    if (o == null) {
                        throw io.citadel.core.ServiceException.validation("DomainValidationOptions: null element (expected: objects)");
                    }
                    dvo.put(o.domainName(), o.validationDomain());
                }
            }
            CertificateOptions options = r.options();
            return new RequestCertificateResponse(acm.issuance().request(ctx, new CertificateIssuance.RequestInput(r.domainName(),
                    r.validationMethod(), r.subjectAlternativeNames(), r.idempotencyToken(), dvo, r.certificateAuthorityArn(), tags(r.tags()),
                    r.keyAlgorithm(), options == null ? null : options.certificateTransparencyLoggingPreference(),
                    options == null ? null : options.export(), r.managedBy())));
        }));
        ops.add(new Operation<>("DescribeCertificate", DescribeCertificateRequest.class,
                (ctx, r) -> new DescribeCertificateResponse(AcmViews.detail(reads.describe(ctx, r.certificateArn())))));
        ops.add(new Operation<>("GetCertificate", GetCertificateRequest.class, (ctx, r) -> {
            CertificateReads.Pems p = reads.get(ctx, r.certificateArn());
            return new GetCertificateResponse(p.certificate(), p.chain());
        }));
        ops.add(new Operation<>("ExportCertificate", ExportCertificateRequest.class, false, (ctx, r) -> {
            CertificateReads.Pems p = reads.export(ctx, r.certificateArn(), r.passphrase());
            return new ExportCertificateResponse(p.certificate(), p.chain(), p.privateKeyPem());
        }));
        ops.add(new Operation<>("ImportCertificate", ImportCertificateRequest.class, false, (ctx, r) -> new ImportCertificateResponse(
                acm.imports().importCertificate(ctx, r.certificateArn(), r.certificate(), r.privateKey(), r.certificateChain(), tags(r.tags())))));
        ops.add(new Operation<>("ListCertificates", ListCertificatesRequest.class, (ctx, r) -> {
            Filters f = r.includes();
            CertificateReads.Page page = reads.list(ctx, r.certificateStatuses(), f == null ? null
                    : new CertificateReads.Includes(f.keyTypes(), f.keyUsage(), f.extendedKeyUsage(), f.managedBy(), f.exportOption()),
                    r.sortBy(), r.sortOrder(), r.maxItems(), r.nextToken());
            return new ListCertificatesResponse(page.nextToken(), page.items().stream().map(AcmViews::summary).toList());
        }));
        ops.add(new Operation<>("SearchCertificates", SearchCertificatesRequest.class, true, (ctx, r) -> {
            CertificateSearch.Page page = acm.search().search(ctx, r.filterStatement() == null ? null : SearchShapes.statement(r.filterStatement()),
                    r.sortBy(), r.sortOrder(), r.maxResults(), r.nextToken());
            return new SearchCertificatesResponse(page.items().stream().map(SearchShapes::result).toList(), page.nextToken());
        }));
        ops.add(new Operation<>("AddTagsToCertificate", AddTagsToCertificateRequest.class, false, (ctx, r) -> {
            acm.tags().add(ctx, r.certificateArn(), tags(r.tags()));
            return new Empty();
        }));
        ops.add(new Operation<>("RemoveTagsFromCertificate", RemoveTagsFromCertificateRequest.class, false, (ctx, r) -> {
            acm.tags().remove(ctx, r.certificateArn(), tags(r.tags()).entrySet().stream()
                    .map(t -> new CertificateTags.Removal(t.getKey(), t.getValue())).toList());
            return new Empty();
        }));
        ops.add(new Operation<>("ListTagsForCertificate", ListTagsForCertificateRequest.class,
                (ctx, r) -> new ListTagsForCertificateResponse(AcmViews.tags(acm.tags().list(ctx, r.certificateArn())))));
        ops.add(new Operation<>("DeleteCertificate", DeleteCertificateRequest.class, false, (ctx, r) -> {
            acm.updates().delete(ctx, r.certificateArn());
            return new Empty();
        }));
        ops.add(new Operation<>("RenewCertificate", RenewCertificateRequest.class, false, (ctx, r) -> {
            acm.issuance().renew(ctx, r.certificateArn());
            return new Empty();
        }));
        ops.add(new Operation<>("ResendValidationEmail", ResendValidationEmailRequest.class, false, (ctx, r) -> {
            acm.updates().resendValidationEmail(ctx, r.certificateArn(), r.domain(), r.validationDomain());
            return new Empty();
        }));
        ops.add(new Operation<>("UpdateCertificateOptions", UpdateCertificateOptionsRequest.class, false, (ctx, r) -> {
            acm.updates().updateOptions(ctx, r.certificateArn(), r.options() == null ? null : r.options().certificateTransparencyLoggingPreference());
            return new Empty();
        }));
        ops.add(new Operation<>("GetAccountConfiguration", Empty.class,
                (ctx, r) -> new GetAccountConfigurationResponse(new ExpiryEventsConfiguration(reads.daysBeforeExpiry(ctx)))));
        ops.add(new Operation<>("PutAccountConfiguration", PutAccountConfigurationRequest.class, false, (ctx, r) -> {
            acm.updates().putAccountConfiguration(ctx, r.expiryEvents() == null ? null : r.expiryEvents().daysBeforeExpiry());
            return new Empty();
        }));
        return ServiceApi.of("acm", PROTOCOL, ops);
    }

    static Map<String, String> tags(List<Tag> tags) {
        if (tags == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Tag t : tags) {
            if (t == null) {
                throw io.citadel.core.ServiceException.validation("Tags: null element (expected: objects with Key and Value)");
            }
            out.put(t.key(), t.value());
        }
        return out;
    }
}
