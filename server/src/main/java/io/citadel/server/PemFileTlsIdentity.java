package io.citadel.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A key and chain read from two PEM files, re-read by {@link #refresh()} when their content changed. A new pair
 * that does not parse or whose key does not match its certificate (say, the certificate was replaced and the key
 * not yet) is logged and ignored until the files change again; the listener keeps the last good identity.
 */
public final class PemFileTlsIdentity implements TlsIdentitySource {

    private static final Logger LOG = LoggerFactory.getLogger(PemFileTlsIdentity.class);

    private final WatchedFiles files;
    private volatile TlsIdentity current;

    /** Reads both files now; throws {@link IllegalStateException} naming the files and the problem when they are unusable. */
    public PemFileTlsIdentity(Path certificateChain, Path privateKey) {
        this.files = new WatchedFiles(List.of(certificateChain, privateKey));
        try {
            List<String> text = files.read();
            this.current = TlsIdentity.fromPem(text.get(0), text.get(1));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot load TLS certificate " + certificateChain + " and private key "
                    + privateKey + ": " + e.getMessage(), e);
        }
    }

    @Override
    public TlsIdentity current() {
        return current;
    }

    @Override
    public synchronized boolean refresh() {
        try {
            Optional<List<String>> changed = files.changed();
            if (changed.isEmpty()) {
                return false;
            }
            TlsIdentity next = TlsIdentity.fromPem(changed.get().get(0), changed.get().get(1));
            current = next;
            LOG.info("TLS certificate reloaded from {}: serial {}, valid until {}", files.paths().get(0),
                    next.serial().toString(16), next.notAfter());
            return true;
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("TLS certificate files {} changed but cannot be used, still serving serial {}: {}", files.paths(),
                    current.serial().toString(16), e.getMessage());
            return false;
        }
    }
}
