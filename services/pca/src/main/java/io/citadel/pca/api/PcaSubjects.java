package io.citadel.pca.api;

import io.citadel.core.crypto.pki.DistinguishedNames;
import io.citadel.core.crypto.pki.SubjectAlternativeName;
import io.citadel.core.ServiceException;
import io.citadel.pca.PcaErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** ASN1Subject and GeneralName, the model's shapes, to and from the core's X.500 attributes and SANs. */
final class PcaSubjects {

    private PcaSubjects() {
    }

    /** The attributes in the model's member order; CustomAttributes stand alone, as AWS requires. */
    static List<DistinguishedNames.Attribute> attributes(ASN1Subject s) {
        if (s == null) {
            return List.of();
        }
        List<DistinguishedNames.Attribute> out = new ArrayList<>();
        if (s.customAttributes() != null && !s.customAttributes().isEmpty()) {
            if (s.country() != null || s.organization() != null || s.commonName() != null || s.organizationalUnit() != null
                    || s.state() != null || s.locality() != null) {
                throw new ServiceException(PcaErrors.INVALID_ARGS, "Subject: CustomAttributes cannot be combined with the named attributes");
            }
            for (CustomAttribute a : s.customAttributes()) {
                try {
                    out.add(new DistinguishedNames.Attribute(a.objectIdentifier(), a.value()));
                } catch (IllegalArgumentException e) {
                    throw new ServiceException(PcaErrors.INVALID_ARGS, "Subject: CustomAttributes: " + e.getMessage());
                }
            }
            return out;
        }
        add(out, DistinguishedNames.COUNTRY, s.country());
        add(out, DistinguishedNames.ORGANIZATION, s.organization());
        add(out, DistinguishedNames.ORGANIZATIONAL_UNIT, s.organizationalUnit());
        add(out, DistinguishedNames.DISTINGUISHED_NAME_QUALIFIER, s.distinguishedNameQualifier());
        add(out, DistinguishedNames.STATE, s.state());
        add(out, DistinguishedNames.COMMON_NAME, s.commonName());
        add(out, DistinguishedNames.SERIAL_NUMBER, s.serialNumber());
        add(out, DistinguishedNames.LOCALITY, s.locality());
        add(out, DistinguishedNames.TITLE, s.title());
        add(out, DistinguishedNames.SURNAME, s.surname());
        add(out, DistinguishedNames.GIVEN_NAME, s.givenName());
        add(out, DistinguishedNames.INITIALS, s.initials());
        add(out, DistinguishedNames.PSEUDONYM, s.pseudonym());
        add(out, DistinguishedNames.GENERATION_QUALIFIER, s.generationQualifier());
        return out;
    }

    private static void add(List<DistinguishedNames.Attribute> out, String oid, String value) {
        if (value != null && !value.isEmpty()) {
            out.add(new DistinguishedNames.Attribute(oid, value));
        }
    }

    static ASN1Subject subject(List<DistinguishedNames.Attribute> attributes) {
        Map<String, String> named = new java.util.HashMap<>();
        List<CustomAttribute> custom = new ArrayList<>();
        for (DistinguishedNames.Attribute a : attributes) {
            switch (a.oid()) {
                case DistinguishedNames.COUNTRY, DistinguishedNames.ORGANIZATION, DistinguishedNames.ORGANIZATIONAL_UNIT,
                     DistinguishedNames.DISTINGUISHED_NAME_QUALIFIER, DistinguishedNames.STATE, DistinguishedNames.COMMON_NAME,
                     DistinguishedNames.SERIAL_NUMBER, DistinguishedNames.LOCALITY, DistinguishedNames.TITLE, DistinguishedNames.SURNAME,
                     DistinguishedNames.GIVEN_NAME, DistinguishedNames.INITIALS, DistinguishedNames.PSEUDONYM,
                     DistinguishedNames.GENERATION_QUALIFIER -> named.putIfAbsent(a.oid(), a.value());
                default -> custom.add(new CustomAttribute(a.oid(), a.value()));
            }
        }
        return new ASN1Subject(named.get(DistinguishedNames.COUNTRY), named.get(DistinguishedNames.ORGANIZATION),
                named.get(DistinguishedNames.ORGANIZATIONAL_UNIT), named.get(DistinguishedNames.DISTINGUISHED_NAME_QUALIFIER),
                named.get(DistinguishedNames.STATE), named.get(DistinguishedNames.COMMON_NAME), named.get(DistinguishedNames.SERIAL_NUMBER),
                named.get(DistinguishedNames.LOCALITY), named.get(DistinguishedNames.TITLE), named.get(DistinguishedNames.SURNAME),
                named.get(DistinguishedNames.GIVEN_NAME), named.get(DistinguishedNames.INITIALS), named.get(DistinguishedNames.PSEUDONYM),
                named.get(DistinguishedNames.GENERATION_QUALIFIER), custom.isEmpty() ? null : custom);
    }

    static List<SubjectAlternativeName> sans(List<GeneralName> names) {
        if (names == null) {
            return List.of();
        }
        List<SubjectAlternativeName> out = new ArrayList<>();
        for (GeneralName n : names) {
            if (n.dnsName() != null) {
                out.add(new SubjectAlternativeName.Dns(n.dnsName()));
            } else if (n.ipAddress() != null) {
                out.add(new SubjectAlternativeName.Ip(n.ipAddress()));
            } else if (n.rfc822Name() != null) {
                out.add(new SubjectAlternativeName.Email(n.rfc822Name()));
            } else if (n.uniformResourceIdentifier() != null) {
                out.add(new SubjectAlternativeName.Uri(n.uniformResourceIdentifier()));
            } else if (n.directoryName() != null) {
                out.add(new SubjectAlternativeName.Directory(DistinguishedNames.encode(attributes(n.directoryName()))));
            } else {
                throw new ServiceException(PcaErrors.INVALID_ARGS,
                        "SubjectAlternativeNames: only DnsName, IpAddress, Rfc822Name, UniformResourceIdentifier and DirectoryName are supported here");
            }
        }
        return out;
    }
}
