package io.citadel.secrets;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Staging labels as AWS moves them: a label is on at most one version; moving AWSCURRENT to a
 * version puts AWSPREVIOUS on the version that had AWSCURRENT; AWSCURRENT can move but never be
 * removed. Versions left without labels are deprecated and removed oldest first once the secret has
 * more than the version limit, but never within 24 hours of their creation. Pure functions.
 */
final class Staging {

    static final String CURRENT = "AWSCURRENT";
    static final String PREVIOUS = "AWSPREVIOUS";
    static final String PENDING = "AWSPENDING";
    static final int MAX_LABELS_PER_VERSION = 20;
    static final int MAX_LABEL_CHARS = 256;

    private Staging() {
    }

    static List<String> checkLabels(List<String> stages) {
        if (stages.isEmpty() || stages.size() > MAX_LABELS_PER_VERSION) {
            throw SecretErrors.invalidParameter("VersionStages: " + stages.size() + " labels (expected: 1.." + MAX_LABELS_PER_VERSION + ")");
        }
        for (String s : stages) {
            if (s == null || s.isEmpty() || s.length() > MAX_LABEL_CHARS) {
                throw SecretErrors.invalidParameter("VersionStages: a label has length " + (s == null ? 0 : s.length())
                        + " (expected: 1.." + MAX_LABEL_CHARS + ")");
            }
        }
        return List.copyOf(new LinkedHashSet<>(stages));
    }

    /** Attaches {@code stages} to {@code versionId} (which must be in the list), moving each from any other version. */
    static List<StoredSecret.VersionInfo> attach(List<StoredSecret.VersionInfo> versions, String versionId, List<String> stages) {
        List<StoredSecret.VersionInfo> out = new ArrayList<>(versions);
        for (String stage : stages) {
            out = move(out, stage, versionId);
        }
        return out;
    }

    /** Moves one label onto {@code target}; AWSCURRENT leaves AWSPREVIOUS on the version it left. */
    static List<StoredSecret.VersionInfo> move(List<StoredSecret.VersionInfo> versions, String stage, String target) {
        String from = versions.stream().filter(v -> v.stages().contains(stage)).map(StoredSecret.VersionInfo::versionId)
                .findFirst().orElse(null);
        if (target.equals(from)) {
            return versions;
        }
        List<StoredSecret.VersionInfo> out = new ArrayList<>();
        for (StoredSecret.VersionInfo v : versions) {
            Set<String> labels = new LinkedHashSet<>(v.stages());
            labels.remove(stage);
            if (v.versionId().equals(target)) {
                labels.add(stage);
            }
            out.add(v.withStages(List.copyOf(labels)));
        }
        if (stage.equals(CURRENT) && from != null) {
            out = move(out, PREVIOUS, from);
        }
        return out;
    }

    static List<StoredSecret.VersionInfo> remove(List<StoredSecret.VersionInfo> versions, String stage, String from) {
        List<StoredSecret.VersionInfo> out = new ArrayList<>();
        for (StoredSecret.VersionInfo v : versions) {
            if (v.versionId().equals(from)) {
                List<String> labels = new ArrayList<>(v.stages());
                labels.remove(stage);
                out.add(v.withStages(labels));
            } else {
                out.add(v);
            }
        }
        return out;
    }

    /** The deprecated versions to remove so that at most {@code limit} remain (oldest first, none younger than {@code grace}). */
    static List<String> expendable(List<StoredSecret.VersionInfo> versions, int limit, Duration grace, Instant now) {
        List<String> out = new ArrayList<>();
        int excess = versions.size() - limit;
        for (StoredSecret.VersionInfo v : versions) {
            if (out.size() >= excess) {
                break;
            }
            if (v.stages().isEmpty() && !v.createdDate().plus(grace).isAfter(now)) {
                out.add(v.versionId());
            }
        }
        return out;
    }
}
