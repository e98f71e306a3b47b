package io.citadel.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Client-certificate trust anchors from a PEM bundle file, re-read by {@link #refresh()} when its content changed. */
public final class PemFileTrustAnchors implements TrustAnchorSource {

    private static final Logger LOG = LoggerFactory.getLogger(PemFileTrustAnchors.class);

    private final WatchedFiles file;
    private volatile TrustAnchors current;

    /** Reads the bundle now; throws {@link IllegalStateException} naming the file and the problem when it is unusable. */
    public PemFileTrustAnchors(Path bundle) {
        this.file = new WatchedFiles(List.of(bundle));
        try {
            this.current = TrustAnchors.fromPem(file.read().getFirst());
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot load client CA bundle " + bundle + ": " + e.getMessage(), e);
        }
    }

    @Override
    public TrustAnchors current() {
        return current;
    }

    @Override
    public synchronized boolean refresh() {
        try {
            Optional<List<String>> changed = file.changed();
            if (changed.isEmpty()) {
                return false;
            }
            current = TrustAnchors.fromPem(changed.get().getFirst());
            LOG.info("client CA bundle {} reloaded: {} certificates", file.paths().getFirst(), current.certificates().size());
            return true;
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("client CA bundle {} changed but cannot be used, keeping the previous anchors: {}", file.paths().getFirst(),
                    e.getMessage());
            return false;
        }
    }
}
