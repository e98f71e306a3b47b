/** ACM Private CA: certificate authorities, issuance, revocation (CRL, OCSP), permissions, policies and audit reports. */
package io.citadel.pca;
