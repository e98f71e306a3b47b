package io.citadel.core.crypto.pki;

import java.util.Objects;

/** One subjectAltName entry (RFC 5280 GeneralName) of the kinds ACM, ACM PCA and ACME use. */
public sealed interface SubjectAlternativeName {

    String value();

    record Dns(String value) implements SubjectAlternativeName {
        public Dns {
            Objects.requireNonNull(value, "value");
        }
    }

    /** An IPv4 or IPv6 literal. */
    record Ip(String value) implements SubjectAlternativeName {
        public Ip {
            Objects.requireNonNull(value, "value");
        }
    }

    record Email(String value) implements SubjectAlternativeName {
        public Email {
            Objects.requireNonNull(value, "value");
        }
    }

    record Uri(String value) implements SubjectAlternativeName {
        public Uri {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A directory name, as the DER of an X.500 name. */
    record Directory(byte[] der) implements SubjectAlternativeName {
        public Directory {
            Objects.requireNonNull(der, "der");
        }

        @Override
        public String value() {
            return DistinguishedNames.toString(der);
        }
    }
}
