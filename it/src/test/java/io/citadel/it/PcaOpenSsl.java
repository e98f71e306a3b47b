package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** OpenSSL and the JDK as independent judges of what the private CA issues: verify, x509 -text, crl, ocsp, PKIX. */
final class PcaOpenSsl {

    private PcaOpenSsl() {
    }

    static Processes.Result openssl(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        return Processes.run(command, java.util.Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", dir.toString()), Duration.ofSeconds(30));
    }

    static String ok(Path dir, String... args) {
        Processes.Result r = openssl(dir, args).requireSuccess("openssl " + String.join(" ", args));
        return r.stdout() + r.stderr();
    }

    /** A P-256 key and a CSR for {@code cn} with DNS and IP SANs, written as dir/leaf.key and dir/leaf.csr. */
    static void leafCsr(Path dir, String cn, String sans) {
        ok(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", dir.resolve("leaf.key").toString(), "-subj", "/CN=" + cn, "-addext", "subjectAltName=" + sans,
                "-out", dir.resolve("leaf.csr").toString());
    }

    static byte[] get(String url) {
        try {
            HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Fetches the CRL at {@code url} into dir/name (DER) and dir/name.pem. */
    static Path fetchCrl(Path dir, String url, String name) {
        try {
            Path der = dir.resolve(name);
            Files.write(der, get(url));
            ok(dir, "crl", "-inform", "DER", "-in", der.toString(), "-out", dir.resolve(name + ".pem").toString());
            return dir.resolve(name + ".pem");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static X509Certificate x509(Path pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.cert.CertificateException e) {
            throw new AssertionError(e);
        }
    }

    /** Java's PKIX validation (signatures, names, validity, basicConstraints, path length, key usage) of leaf, intermediates..., root. */
    static void pkixValidates(Path root, Path... path) throws Exception {
        List<X509Certificate> certs = new ArrayList<>();
        for (Path p : path) {
            certs.add(x509(p));
        }
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(x509(root), null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(certs), params);
    }

    static Path concat(Path dir, String name, Path... parts) {
        try {
            StringBuilder out = new StringBuilder();
            for (Path p : parts) {
                out.append(Files.readString(p));
            }
            return Files.writeString(dir.resolve(name), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
