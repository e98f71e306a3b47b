package io.citadel.kms;

import java.util.List;
import java.util.function.Supplier;

/**
 * A key as a request named it: the key, the alias the caller used (kms:RequestAlias) or null, and
 * its aliases (kms:ResourceAliases), read only when a decision needs them.
 */
record ResolvedKey(KmsKey key, String requestAlias, Supplier<List<String>> aliases) {
}
