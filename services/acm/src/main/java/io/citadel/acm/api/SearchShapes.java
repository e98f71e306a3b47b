package io.citadel.acm.api;

import io.citadel.acm.CertificateSearch;
import io.citadel.acm.CertificateSearch.Filter;
import io.citadel.acm.StoredCertificate;
import io.citadel.core.ServiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * SearchCertificates' wire shapes to and from the service's terms: a CertificateFilterStatement becomes a
 * {@link CertificateSearch.Statement} (every filter shape is a union in the model: exactly one member, else
 * ValidationException naming the shape), and a certificate becomes a CertificateSearchResult.
 */
final class SearchShapes {

    /** How deep statements may nest; far beyond any real query, it bounds the recursion on untrusted input. */
    private static final int MAX_DEPTH = 16;

    private SearchShapes() {
    }

    static CertificateSearch.Statement statement(CertificateFilterStatement s) {
        return statement(s, "FilterStatement", 0);
    }

    private static CertificateSearch.Statement statement(CertificateFilterStatement s, String path, int depth) {
        if (s == null) {
            throw ServiceException.validation(path + ": null (expected: a filter statement)");
        }
        if (depth > MAX_DEPTH) {
            throw ServiceException.validation(path + ": statements nested deeper than " + MAX_DEPTH);
        }
        one(path, s.and(), s.or(), s.not(), s.filter());
        if (s.and() != null) {
            return new CertificateSearch.All(list(s.and(), path + ".And", depth));
        }
        if (s.or() != null) {
            return new CertificateSearch.AnyOf(list(s.or(), path + ".Or", depth));
        }
        if (s.not() != null) {
            return new CertificateSearch.Not(statement(s.not(), path + ".Not", depth + 1));
        }
        return new CertificateSearch.Match(filter(s.filter(), path + ".Filter"));
    }

    private static List<CertificateSearch.Statement> list(List<CertificateFilterStatement> in, String path, int depth) {
        List<CertificateSearch.Statement> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            out.add(statement(in.get(i), path + "[" + i + "]", depth + 1));
        }
        return out;
    }

    private static Filter filter(CertificateFilter f, String path) {
        one(path, f.certificateArn(), f.x509AttributeFilter(), f.acmCertificateMetadataFilter());
        if (f.certificateArn() != null) {
            return new Filter.Arn(f.certificateArn());
        }
        if (f.x509AttributeFilter() != null) {
            return x509(f.x509AttributeFilter(), path + ".X509AttributeFilter");
        }
        return metadata(f.acmCertificateMetadataFilter(), path + ".AcmCertificateMetadataFilter");
    }

    private static Filter x509(X509AttributeFilter x, String path) {
        one(path, x.subject(), x.subjectAlternativeName(), x.extendedKeyUsage(), x.keyUsage(), x.keyAlgorithm(), x.serialNumber(),
                x.notAfter(), x.notBefore());
        if (x.subject() != null) {
            one(path + ".Subject", x.subject().commonName());
            CommonNameFilter cn = x.subject().commonName();
            return new Filter.CommonName(new CertificateSearch.Text(cn.value(), "CONTAINS".equals(cn.comparisonOperator())));
        }
        if (x.subjectAlternativeName() != null) {
            one(path + ".SubjectAlternativeName", x.subjectAlternativeName().dnsName());
            DnsNameFilter dns = x.subjectAlternativeName().dnsName();
            return new Filter.DnsName(new CertificateSearch.Text(dns.value(), "CONTAINS".equals(dns.comparisonOperator())));
        }
        if (x.extendedKeyUsage() != null) {
            return new Filter.ExtendedKeyUsage(x.extendedKeyUsage());
        }
        if (x.keyUsage() != null) {
            return new Filter.KeyUsage(x.keyUsage());
        }
        if (x.keyAlgorithm() != null) {
            return new Filter.KeyAlgorithm(x.keyAlgorithm());
        }
        if (x.serialNumber() != null) {
            return new Filter.SerialNumber(x.serialNumber());
        }
        if (x.notAfter() != null) {
            return new Filter.NotAfter(range(x.notAfter(), path + ".NotAfter"));
        }
        return new Filter.NotBefore(range(x.notBefore(), path + ".NotBefore"));
    }

    private static CertificateSearch.Range range(TimestampRange r, String path) {
        if (r.start() == null && r.end() == null) {
            throw ServiceException.validation(path + ": neither Start nor End (expected: at least one)");
        }
        if (r.start() != null && r.end() != null && r.start().isAfter(r.end())) {
            throw ServiceException.validation(path + ": Start " + r.start() + " is after End " + r.end());
        }
        return new CertificateSearch.Range(r.start(), r.end());
    }

    private static Filter metadata(AcmCertificateMetadataFilter m, String path) {
        one(path, m.status(), m.renewalStatus(), m.type(), m.inUse(), m.exported(), m.exportOption(), m.managedBy(), m.validationMethod());
        if (m.status() != null) {
            return new Filter.Status(m.status());
        }
        if (m.renewalStatus() != null) {
            return new Filter.RenewalStatus(m.renewalStatus());
        }
        if (m.type() != null) {
            return new Filter.Type(m.type());
        }
        if (m.inUse() != null) {
            return new Filter.InUse(m.inUse());
        }
        if (m.exported() != null) {
            return new Filter.Exported(m.exported());
        }
        if (m.exportOption() != null) {
            return new Filter.ExportOption(m.exportOption());
        }
        if (m.managedBy() != null) {
            return new Filter.ManagedBy(m.managedBy());
        }
        return new Filter.ValidationMethod(m.validationMethod());
    }

    /** A union: exactly one of {@code members} is set. */
    private static void one(String path, Object... members) {
        long set = Stream.of(members).filter(Objects::nonNull).count();
        if (set != 1) {
            throw ServiceException.validation(path + ": " + set + " members set (expected: exactly one, the shape is a union)");
        }
    }

    static CertificateSearchResult result(StoredCertificate c) {
        StoredCertificate.X509 x = c.x509();
        X509Attributes attributes = x == null ? null : new X509Attributes(name(x.issuer()), name(x.subject()),
                c.allNames().stream().map(n -> new GeneralName(null, n, null, null, null, null, null)).toList(),
                x.extendedKeyUsages().stream().map(StoredCertificate.Eku::name).toList(), c.keyAlgorithm(), x.keyUsages(), x.serial(),
                x.notAfter(), x.notBefore());
        AcmCertificateMetadata metadata = new AcmCertificateMetadata(c.createdAt(), c.exported(), c.importedAt(), !c.inUseBy().isEmpty(),
                c.issuedAt(), c.renewalEligible() ? "ELIGIBLE" : "INELIGIBLE", null, c.status().name(),
                c.renewal() == null ? null : c.renewal().status(), c.type().name(), c.exportOption(), null, c.validationMethod());
        return new CertificateSearchResult(c.arn(), attributes, new CertificateMetadata(metadata));
    }

    private static DistinguishedName name(String rfc2253) {
        if (rfc2253 == null) {
            return null;
        }
        List<String> components = new ArrayList<>();
        String dc = CertificateSearch.attribute(rfc2253, "DC");
        if (dc != null) {
            components.add(dc);
        }
        return new DistinguishedName(CertificateSearch.attribute(rfc2253, "CN"), components.isEmpty() ? null : components,
                CertificateSearch.attribute(rfc2253, "C"), null, null, null, null, null, CertificateSearch.attribute(rfc2253, "L"),
                CertificateSearch.attribute(rfc2253, "O"), CertificateSearch.attribute(rfc2253, "OU"), null,
                CertificateSearch.attribute(rfc2253, "SERIALNUMBER"), CertificateSearch.attribute(rfc2253, "ST"), null, null);
    }
}
