package io.citadel.kms;

import java.time.Instant;

/** The wrapping key and token that GetParametersForImport issued for one key (the latest only). */
record ImportParameters(String tokenId, String wrappingAlgorithm, String wrappingKeySpec, byte[] wrappingPrivateKey,
                        Instant validTo) {
}
