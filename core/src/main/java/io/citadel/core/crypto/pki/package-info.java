/**
 * X.509 building blocks shared by the private CA, ACM, the ACME endpoint and the TLS listeners: PEM, names,
 * certificate requests and certificate issuance. Signing goes through {@link io.citadel.core.crypto.pki.CertificateSigner},
 * so a CA key can live under the barrier or stay inside KMS. The only package besides its parent that touches
 * BouncyCastle's PKIX classes.
 */
package io.citadel.core.crypto.pki;
