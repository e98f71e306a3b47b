package io.citadel.kms;

import io.citadel.core.access.Access;
import io.citadel.storage.Storage;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Objects;

/**
 * What every part of KMS shares: storage (behind the barrier), the clock, the random source, the
 * authorization layer, the key resolver and the material cache. Built once by {@link Kms}.
 */
final class KmsEnvironment {

    final ChangeCountingStorage storage;
    final InstantSource clock;
    final SecureRandom random;
    final KmsAccess access;
    final KeyResolver resolver;
    final MaterialCache materials = new MaterialCache();
    final KeyUsageTracker usage;
    /** Set when key material was destroyed, until the storage files are purged of it. */
    final java.util.concurrent.atomic.AtomicBoolean materialDestroyed = new java.util.concurrent.atomic.AtomicBoolean();

    KmsEnvironment(Storage storage, InstantSource clock, SecureRandom random, Access access) {
        this.storage = new ChangeCountingStorage(Objects.requireNonNull(storage, "storage"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.access = new KmsAccess(access, this.storage);
        this.resolver = new KeyResolver(this.storage, clock);
        this.usage = new KeyUsageTracker(this.storage);
    }

    /** The material of {@code version}, from the cache or storage. */
    java.util.Optional<KeyMaterial> material(KmsKey key, int version) {
        return materials.get(key, version, () -> KeyStore.material(storage.reads(), key, version));
    }

    KeyMaterial currentMaterial(KmsKey key) {
        return material(key, key.currentVersion()).orElseThrow(() ->
                new IllegalStateException("key " + key.keyId() + " has no material version " + key.currentVersion()));
    }

    String newMaterialId() {
        byte[] id = new byte[32];
        random.nextBytes(id);
        return java.util.HexFormat.of().formatHex(id);
    }
}
