package io.citadel.acme;

import io.citadel.storage.Storage;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/** The opt-in: which ACME directories exist, each bound to one CA; the admin commands create and remove them. */
public final class AcmeDirectories {

    private final Storage storage;
    private final InstantSource clock;

    AcmeDirectories(Storage storage, InstantSource clock) {
        this.storage = storage;
        this.clock = clock;
    }

    /** Creates or replaces the directory {@code name} (its accounts and orders stay when it is replaced). */
    public AcmeDirectory enable(String name, String certificateAuthorityArn, boolean externalAccountRequired, int validityDays) {
        AcmeDirectory d = AcmeDirectory.create(name, certificateAuthorityArn, externalAccountRequired, validityDays, clock.instant());
        storage.transaction(tx -> {
            AcmeRepository.putDirectory(tx, d);
            return null;
        });
        return d;
    }

    /** Stops serving the directory; its data stays in storage, and enabling it again serves it again. */
    public boolean disable(String name) {
        AcmeDirectory.checkName(name);
        return storage.transaction(tx -> AcmeRepository.deleteDirectory(tx, name));
    }

    public Optional<AcmeDirectory> find(String name) {
        try {
            AcmeDirectory.checkName(name);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return AcmeRepository.directory(storage.reads(), name);
    }

    public List<AcmeDirectory> list() {
        return AcmeRepository.directories(storage.reads());
    }
}
