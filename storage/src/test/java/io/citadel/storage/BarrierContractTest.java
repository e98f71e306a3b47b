package io.citadel.storage;

import java.security.SecureRandom;

/** The barrier is a {@link Storage} too, and must keep the contract over the store it seals. */
class BarrierContractTest extends StorageContract {

    @Override
    protected Storage openStorage() {
        byte[] root = new byte[RootKey.BYTES];
        new SecureRandom().nextBytes(root);
        try (RootKey key = new RootKey(root)) {
            return Barrier.open(new InMemoryStorage(), key);
        }
    }
}
