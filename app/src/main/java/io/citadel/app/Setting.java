package io.citadel.app;

import java.util.Locale;

/**
 * Every configuration setting, in one place: its key in the configuration file, its environment
 * variable, its command-line flag (absent for secrets, which must not appear in process listings),
 * its default and its meaning. The README's configuration table is checked against this list.
 * Precedence: flag, then environment, then file, then default.
 */
public enum Setting {
    CONFIG(Scope.ALL, true, null, "Java properties file with settings (keys as in the `file key` column)"),
    HOST(Scope.SERVER, true, "127.0.0.1", "Address the API listens on"),
    PORT(Scope.SERVER, true, "4566", "Port the API listens on (0 picks a free port)"),
    DATA_DIR(Scope.ALL, true, "data", "Directory for the SQLite database, the root key file and bootstrap-credentials"),
    STORAGE(Scope.ALL, true, "sqlite", "Storage backend: `sqlite` (embedded, in the data directory) or `postgres`"),
    POSTGRES_URL(Scope.ALL, true, null, "JDBC URL of the shared PostgreSQL database, e.g. jdbc:postgresql://127.0.0.1:5432/citadel"),
    POSTGRES_USER(Scope.ALL, true, "postgres", "PostgreSQL user"),
    POSTGRES_PASSWORD(Scope.ALL, false, "", "PostgreSQL password (environment or file only)"),
    POSTGRES_TABLE(Scope.ALL, true, "citadel_kv", "PostgreSQL table holding Citadel's sealed key-value data"),
    SEAL_KEY_FILE(Scope.ALL, true, null, "Root key file (created with mode 0600 on first start); default `<data dir>/root.key`"),
    SEAL_PASSPHRASE(Scope.ALL, false, null, "Derive the root key from this passphrase (Argon2id) instead of a key file (environment or file only)"),
    TLS_CERTIFICATE(Scope.SERVER, true, null, "PEM certificate chain for HTTPS, re-read when it changes (docs/tls.md); plain HTTP when unset"),
    TLS_PRIVATE_KEY(Scope.SERVER, true, null, "PEM (PKCS#8) private key for HTTPS"),
    TLS_CLIENT_CA_BUNDLE(Scope.SERVER, true, null, "PEM bundle of the CAs whose client certificates the API accepts; when set, every client must present one (mutual TLS)"),
    TLS_CERTIFICATE_ARN(Scope.SERVER, true, null, "ACM certificate ARN the API listener serves instead of PEM files (its own account's issued certificate, reloaded when ACM renews it)"),
    TLS_CLIENT_CA_ARN(Scope.SERVER, true, null, "ACM PCA certificate authority ARN whose certificates the API accepts as client certificates (mutual TLS); instead of tls-client-ca-bundle"),
    TLS_BOOTSTRAP(Scope.SERVER, true, "false", "Without tls-certificate: serve HTTPS with a certificate from the node's own CA (key in sealed storage, certificate written to `<data dir>/tls/citadel-ca.pem`)"),
    TLS_BOOTSTRAP_NAMES(Scope.SERVER, true, null, "Extra DNS names and IP addresses (comma-separated) for the bootstrap certificate, besides localhost, 127.0.0.1, ::1 and the listen address"),
    TLS_PROVIDER(Scope.SERVER, true, "auto", "Which TLS implementation serves the API: `auto` (OpenSSL, i.e. BoringSSL through netty-tcnative, where it loads, else the JDK), `openssl` (fail when it does not load) or `jdk` (docs/tls.md)"),
    MAX_BODY_BYTES(Scope.SERVER, true, "10485760", "Largest request body accepted, in bytes"),
    REQUEST_TIMEOUT_SECONDS(Scope.SERVER, true, "30", "Time a client has to send one whole request"),
    SHUTDOWN_GRACE_SECONDS(Scope.SERVER, true, "20", "Time in-flight requests get to finish on shutdown"),
    AUDIT_EXPORT_DIR(Scope.SERVER, true, null, "Directory for gzip CloudTrail-format audit files for a SIEM; no export when unset"),
    AUDIT_EXPORT_MINUTES(Scope.SERVER, true, "5", "Minutes of audit events per exported file"),
    AUDIT_RETENTION_DAYS(Scope.ALL, true, "90", "Days audit events are kept; older ones are removed with a digest that keeps the chain verifiable"),
    SSM_READS_PER_SECOND(Scope.SERVER, true, "0", "Parameter Store reads (GetParameter, GetParameters, GetParametersByPath) per second per account and region on this node; 0: unlimited (AWS: 40)"),
    SSM_HIGH_THROUGHPUT_READS_PER_SECOND(Scope.SERVER, true, "0", "The same for accounts with /ssm/parameter-store/high-throughput-enabled; 0: unlimited (AWS: 10000)"),
    ACME_HTTP01_PORT(Scope.SERVER, true, "80", "Port ACME http-01 validation connects to on the domain being validated (tests point it at a loopback client)"),
    ACME_TLS_ALPN01_PORT(Scope.SERVER, true, "443", "Port ACME tls-alpn-01 validation connects to on the domain being validated"),
    ACME_RESOLVE(Scope.SERVER, true, null, "Static names for ACME http-01 and tls-alpn-01 validation, `name=ip,*.suffix=ip,...`, consulted before the system resolver"),
    ACME_DNS_SERVER(Scope.SERVER, true, null, "DNS server (`host` or `host:port`) ACME dns-01 asks for TXT records; default the first nameserver of /etc/resolv.conf"),
    PUBLIC_BASE_URL(Scope.SERVER, true, null, "Base URL clients reach this node at (e.g. http://ca.example.com:4566), named in private CA certificates' CRL and OCSP URLs; default: the listener's own address"),
    ACM_DNS_RESOLVER(Scope.SERVER, true, null, "DNS server (host:port) ACM asks for the CNAME records of DNS validation; DNS validation cannot succeed when unset"),
    ACM_SMTP_SERVER(Scope.SERVER, true, null, "SMTP relay (host:port, no authentication) for ACM's EMAIL validation approval mail; no mail is sent when unset"),
    ACM_APPROVAL_BASE_URL(Scope.SERVER, true, null, "Base URL of this node as approval-mail recipients reach it, e.g. https://acm.example.com; default the listener's own URL"),
    AUDIT_OFF_FOR_BENCHMARKS(Scope.SERVER, true, "false", "Benchmarks only: record no audit events, to measure what auditing costs (never for serving)"),
    BOOTSTRAP_ACCESS_KEY_ID(Scope.SERVER, false, null, "Fixed access key id for the bootstrap admin (first start only; environment or file only)"),
    BOOTSTRAP_SECRET_ACCESS_KEY(Scope.SERVER, false, null, "Fixed secret access key for the bootstrap admin (first start only; environment or file only)");

    /** Which commands take the setting as a flag. */
    public enum Scope { SERVER, ALL }

    private final Scope scope;
    private final boolean hasFlag;
    private final String defaultValue;
    private final String description;

    Setting(Scope scope, boolean hasFlag, String defaultValue, String description) {
        this.scope = scope;
        this.hasFlag = hasFlag;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The key in the configuration file, e.g. {@code data-dir}. */
    public String fileKey() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The environment variable, e.g. {@code CITADEL_DATA_DIR}. */
    public String envVar() {
        return "CITADEL_" + name();
    }

    /** The flag, e.g. {@code --data-dir}, or null for settings that are never flags. */
    public String flag() {
        return hasFlag ? "--" + fileKey() : null;
    }

    public Scope scope() {
        return scope;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }
}
