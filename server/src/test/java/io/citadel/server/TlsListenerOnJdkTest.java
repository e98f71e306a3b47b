package io.citadel.server;

/** Every listener test of {@link TlsListenerTest} on the JDK's TLS, the fallback where OpenSSL does not load (and {@code tls-provider jdk}). */
class TlsListenerOnJdkTest extends TlsListenerTest {

    @Override
    TlsProvider provider() {
        return TlsProvider.JDK;
    }
}
