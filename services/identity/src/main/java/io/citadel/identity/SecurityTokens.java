package io.citadel.identity;

import io.citadel.core.json.StoredJson;
import io.citadel.core.AccountId;
import io.citadel.core.Principal;
import io.citadel.core.RequestContext;
import io.citadel.core.ServiceException;
import io.citadel.core.access.Access;
import io.citadel.core.access.AccessDeniedException;
import io.citadel.core.access.Authorization;
import io.citadel.core.policy.PolicyDocument;
import io.citadel.storage.Entry;
import io.citadel.storage.Storage;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * STS: AssumeRole (checked against the role's trust policy together with the caller's own
 * policies, by core's policy engine), GetSessionToken, and the temporary credentials they issue.
 * Credentials are stored sealed under {@code global/iam/sessions/<ASIA id>} and stop working at
 * their expiration, or when the role they belong to is deleted or replaced.
 */
public final class SecurityTokens {

    static final int DEFAULT_ROLE_SESSION_SECONDS = 3600;
    static final int ROLE_CHAINING_MAX_SECONDS = 3600;
    static final int DEFAULT_SESSION_TOKEN_SECONDS = 43200;
    static final int ROOT_SESSION_TOKEN_MAX_SECONDS = 3600;
    static final int SESSION_POLICY_MAX_PACKED = 2048;
    static final int SESSION_POLICY_ARNS_MAX = 10;
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]*");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]*");

    /** What AssumeRole was asked for; the members of STS's AssumeRoleRequest that Citadel honours. */
    public record AssumeRoleInput(String roleArn, String roleSessionName, Integer durationSeconds, String externalId,
                                  String policy, List<String> policyArns, List<Tag> tags, List<String> transitiveTagKeys) {
    }

    /** Issued credentials and, for a role session, its AssumedRoleUser and PackedPolicySize (or null). */
    public record Issued(TemporaryCredential credential, String assumedRoleId, String assumedRoleArn,
                         Integer packedPolicySize) {
    }

    private final IdentityService identity;
    private final Storage storage;
    private final InstantSource clock;

    SecurityTokens(IdentityService identity, Storage storage, InstantSource clock) {
        this.identity = identity;
        this.storage = storage;
        this.clock = clock;
    }

    /**
     * AssumeRole: validates the request, finds the role (a missing one is denied like an untrusting
     * one), and asks {@code access} for sts:AssumeRole on the role with its trust policy as the
     * resource policy, before issuing credentials.
     */
    public Issued assumeRole(RequestContext context, AssumeRoleInput in, Access access) {
        Principal caller = context.principal();
        String sessionName = checkSessionName(in.roleSessionName());
        RoleArn roleArn = RoleArn.parse(in.roleArn());
        if (in.durationSeconds() != null && (in.durationSeconds() < 900 || in.durationSeconds() > 43200)) {
            throw Names.rangeError("durationSeconds", in.durationSeconds(), 900, 43200);
        }
        if (in.externalId() != null && (in.externalId().length() < 2 || in.externalId().length() > 1224
                || !EXTERNAL_ID.matcher(in.externalId()).matches())) {
            throw Names.patternError("externalId", in.externalId(), EXTERNAL_ID.pattern());
        }
        List<Tag> tags = Tag.requireValid(in.tags());
        if (tags.size() > Tag.MAX_TAGS) {
            throw Names.lengthError("tags", "[" + tags.size() + " tags]", 0, Tag.MAX_TAGS);
        }
        List<String> transitive = in.transitiveTagKeys() == null ? List.of() : List.copyOf(in.transitiveTagKeys());
        for (String key : transitive) {
            if (tags.stream().noneMatch(t -> t.key().equalsIgnoreCase(key))) {
                throw IdentityErrors.invalidInput("The specified transitive tag key must be included in the requested tags.");
            }
        }
        List<String> policyArns = in.policyArns() == null ? List.of() : List.copyOf(in.policyArns());
        if (policyArns.size() > SESSION_POLICY_ARNS_MAX) {
            throw Names.lengthError("policyArns", policyArns.toString(), 0, SESSION_POLICY_ARNS_MAX);
        }
        policyArns.forEach(IamPolicies.PolicyArn::parse);
        Integer packed = null;
        if (in.policy() != null) {
            PolicyDocuments.parse(in.policy(), PolicyDocuments.Use.SESSION);
        }
        if (in.policy() != null || !tags.isEmpty() || !policyArns.isEmpty()) {
            packed = packedPercent(in.policy(), policyArns, tags);
            if (packed > 100) {
                throw new ServiceException(IdentityErrors.PACKED_POLICY_TOO_LARGE,
                        "Packed policy consumes " + packed + "% of allotted space, please use smaller policy.");
            }
        }

        Role role = storage.transaction(tx -> IamStore.role(tx, roleArn.accountId(), roleArn.name()))
                .filter(r -> r.arn().equals(in.roleArn()))
                .orElseThrow(() -> denied(caller, in.roleArn()));
        Map<String, String> sessionTags = inheritedTransitiveTags(caller);
        tags.forEach(t -> sessionTags.put(t.key(), t.value()));
        PolicyDocument trust = PolicyDocuments.stored(role.assumeRolePolicyDocument(), PolicyDocuments.Use.TRUST,
                role.arn() + "#trust");
        Map<String, String> requestTags = Tag.asMap(tags);
        // The trust policy is the primary authority, like a key policy: naming the caller suffices in the
        // role's account; naming only the caller's account (or any cross-account grant) needs the caller's
        // own policies to allow sts:AssumeRole on the role too.
        access.require(context, new Authorization("sts:AssumeRole", role.arn(), trust, role.accountId(), true, keys -> {
            keys.put("sts:RoleSessionName", sessionName).requestTags(requestTags);
            if (in.externalId() != null) {
                keys.put("sts:ExternalId", in.externalId());
            }
            if (!transitive.isEmpty()) {
                keys.put("sts:TransitiveTagKeys", transitive);
            }
        }));

        int duration = in.durationSeconds() == null ? DEFAULT_ROLE_SESSION_SECONDS : in.durationSeconds();
        if (caller.type() == Principal.Type.ASSUMED_ROLE && duration > ROLE_CHAINING_MAX_SECONDS) {
            throw IdentityErrors.validation("The requested DurationSeconds exceeds the 1 hour session limit "
                    + "for roles assuming other roles.");
        }
        if (duration > role.maxSessionDuration()) {
            throw IdentityErrors.validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        List<Tag> allTags = sessionTags.entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList();
        List<String> allTransitive = new ArrayList<>(inheritedTransitiveTags(caller).keySet());
        allTransitive.addAll(transitive);
        TemporaryCredential credential = new TemporaryCredential(identity.newAccessKeyId("ASIA"),
                identity.newSecretAccessKey(), newSessionToken(), role.accountId(), TemporaryCredential.Kind.ROLE_SESSION,
                null, role.name(), role.roleId(), sessionName, now, now.plus(Duration.ofSeconds(duration)), in.policy(),
                policyArns, allTags, allTransitive);
        storage.put(IdentityKeys.session(credential.accessKeyId()), StoredJson.write(credential));
        return new Issued(credential, role.roleId() + ":" + sessionName,
                "arn:aws:sts::" + role.accountId() + ":assumed-role/" + role.name() + "/" + sessionName, packed);
    }

    /** GetSessionToken: temporary credentials for the calling user (or root, at most one hour). */
    public Issued sessionToken(Principal caller, Integer durationSeconds) {
        if (caller.type() == Principal.Type.ASSUMED_ROLE || caller.accessKeyId().startsWith("ASIA")) {
            throw new ServiceException(IdentityErrors.ACCESS_DENIED, "Cannot call GetSessionToken with session credentials");
        }
        if (durationSeconds != null && (durationSeconds < 900 || durationSeconds > 129600)) {
            throw Names.rangeError("durationSeconds", durationSeconds, 900, 129600);
        }
        int duration = durationSeconds == null ? DEFAULT_SESSION_TOKEN_SECONDS : durationSeconds;
        if (caller.type() == Principal.Type.ROOT) {
            duration = Math.min(duration, ROOT_SESSION_TOKEN_MAX_SECONDS);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        TemporaryCredential credential = new TemporaryCredential(identity.newAccessKeyId("ASIA"),
                identity.newSecretAccessKey(), newSessionToken(), caller.accountId(), TemporaryCredential.Kind.SESSION_TOKEN,
                caller.type() == Principal.Type.ROOT ? null : caller.userName(), null, null, null, now,
                now.plus(Duration.ofSeconds(duration)), null, List.of(), List.of(), List.of());
        storage.put(IdentityKeys.session(credential.accessKeyId()), StoredJson.write(credential));
        return new Issued(credential, null, null, null);
    }

    /** GetAccessKeyInfo: the account of a long-term (AKIA) or temporary (ASIA) key id. */
    public String accountOfAccessKey(String accessKeyId) {
        if (accessKeyId == null || accessKeyId.length() < 16 || accessKeyId.length() > 128) {
            throw Names.lengthError("accessKeyId", String.valueOf(accessKeyId), 16, 128);
        }
        Optional<String> account = accessKeyId.startsWith("ASIA")
                ? storage.get(IdentityKeys.session(accessKeyId)).map(b -> StoredJson.read(b, TemporaryCredential.class).accountId())
                : identity.accessKey(accessKeyId).map(AccessKey::accountId);
        return account.orElseThrow(() -> IdentityErrors.validation("The access key ID " + accessKeyId + " is not valid."));
    }

    /** A temporary credential that is still valid now: not expired, its role or user still there. */
    public Optional<TemporaryCredential> validCredential(String accessKeyId) {
        if (accessKeyId == null || !accessKeyId.startsWith("ASIA")) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return storage.get(IdentityKeys.session(accessKeyId))
                .map(b -> StoredJson.read(b, TemporaryCredential.class))
                .filter(c -> !c.expiredAt(now))
                .filter(c -> switch (c.kind()) {
                    case ROLE_SESSION -> identity.iamRole(c.accountId(), c.roleName())
                            .filter(r -> r.roleId().equals(c.roleId())).isPresent();
                    case SESSION_TOKEN -> c.userName() == null || identity.user(c.accountId(), c.userName()).isPresent();
                });
    }

    /** Who signs with a temporary credential, as GetCallerIdentity reports it. */
    public Principal principalOf(TemporaryCredential c) {
        return switch (c.kind()) {
            case ROLE_SESSION -> Principal.assumedRole(c.accountId(), c.roleName(), c.roleSessionName(), c.roleId(),
                    c.accessKeyId());
            case SESSION_TOKEN -> {
                if (c.userName() == null) {
                    yield Principal.root(c.accountId(), c.accessKeyId());
                }
                User user = identity.user(c.accountId(), c.userName()).orElseThrow(() ->
                        new IllegalStateException("session " + c.accessKeyId() + " belongs to a missing user"));
                yield Principal.user(c.accountId(), user.path(), user.name(), user.userId(), c.accessKeyId());
            }
        };
    }

    /** Deletes expired temporary credentials; returns how many. For a periodic job. */
    public int purgeExpired() {
        Instant now = clock.instant();
        List<String> expired = new ArrayList<>();
        StorageScans.forEachEntry(storage, IdentityKeys.SESSIONS, (Entry e) -> {
            if (StoredJson.read(e.value(), TemporaryCredential.class).expiredAt(now)) {
                expired.add(e.key());
            }
        });
        expired.forEach(storage::delete);
        return expired.size();
    }

    /** The transitive session tags a role session passes on when it assumes another role. */
    private Map<String, String> inheritedTransitiveTags(Principal caller) {
        Map<String, String> out = new LinkedHashMap<>();
        if (caller.type() != Principal.Type.ASSUMED_ROLE) {
            return out;
        }
        storage.get(IdentityKeys.session(caller.accessKeyId())).map(b -> StoredJson.read(b, TemporaryCredential.class))
                .ifPresent(s -> s.sessionTags().stream()
                        .filter(t -> s.transitiveTagKeys().stream().anyMatch(k -> k.equalsIgnoreCase(t.key())))
                        .forEach(t -> out.put(t.key(), t.value())));
        return out;
    }

    private String newSessionToken() {
        return Base64.getEncoder().encodeToString(identity.randomBytes(96));
    }

    private static int packedPercent(String policy, List<String> policyArns, List<Tag> tags) {
        int chars = policy == null ? 0 : PolicyDocuments.sizeWithoutWhitespace(policy);
        for (String arn : policyArns) {
            chars += arn.length();
        }
        for (Tag t : tags) {
            chars += t.key().length() + t.value().length();
        }
        return (int) Math.ceil(chars * 100.0 / SESSION_POLICY_MAX_PACKED);
    }

    private static String checkSessionName(String name) {
        if (name == null) {
            throw IdentityErrors.validation("1 validation error detected: Value null at 'roleSessionName' "
                    + "failed to satisfy constraint: Member must not be null");
        }
        if (name.length() < 2 || name.length() > 64) {
            throw Names.lengthError("roleSessionName", name, 2, 64);
        }
        if (!SESSION_NAME.matcher(name).matches()) {
            throw Names.patternError("roleSessionName", name, SESSION_NAME.pattern());
        }
        return name;
    }

    private static AccessDeniedException denied(Principal caller, String roleArn) {
        return new AccessDeniedException("User: " + caller.arn() + " is not authorized to perform: sts:AssumeRole on resource: "
                + roleArn + " because no resource-based policy allows the sts:AssumeRole action");
    }

    /** arn:aws:iam::ACCOUNT:role/PATH/NAME. */
    record RoleArn(String accountId, String name) {

        static RoleArn parse(String arn) {
            String head = "arn:aws:iam::";
            if (arn == null || arn.length() < 20 || arn.length() > 2048 || !arn.startsWith(head)) {
                throw invalid(arn);
            }
            int colon = arn.indexOf(':', head.length());
            if (colon < 0 || !arn.startsWith(":role/", colon)) {
                throw invalid(arn);
            }
            String account = arn.substring(head.length(), colon);
            String name = arn.substring(arn.lastIndexOf('/') + 1);
            if (!AccountId.isValid(account) || name.isEmpty()) {
                throw invalid(arn);
            }
            return new RoleArn(account, name);
        }

        private static ServiceException invalid(String arn) {
            return IdentityErrors.validation(arn + " is invalid");
        }
    }
}
