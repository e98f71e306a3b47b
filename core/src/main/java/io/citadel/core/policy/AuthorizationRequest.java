package io.citadel.core.policy;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One request to authorize: who ({@link RequestPrincipal}), what ({@code action}, e.g.
 * {@code kms:Encrypt}), on which resource ARN, and the request's condition keys. The builder fills
 * AWS's global keys (aws:PrincipalArn, aws:CurrentTime, aws:SourceIp, tags, ...) from plain facts.
 */
public record AuthorizationRequest(String action, String resource, RequestPrincipal principal,
                                   ConditionContext context) {

    public AuthorizationRequest {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(context, "context");
        action = action.toLowerCase(Locale.ROOT);
    }

    public static Builder builder(String action, String resource, RequestPrincipal principal) {
        return new Builder(action, resource, principal);
    }

    /**
     * Collects facts and condition keys. Unset facts leave their keys absent, as AWS does (for
     * example aws:SourceIp when a service calls on the caller's behalf). Explicit {@link #put}
     * calls win over derived keys.
     */
    public static final class Builder {

        private final String action;
        private final String resource;
        private final RequestPrincipal principal;
        private final Map<String, String[]> derived = new HashMap<>();
        private final Map<String, String[]> explicit = new HashMap<>();
        private final List<ConditionKeys> deferred = new ArrayList<>(2);
        private Boolean mfaPresent;
        private Instant currentTime;
        private String sourceIp;
        private Boolean secureTransport;

        private Builder(String action, String resource, RequestPrincipal principal) {
            this.action = Objects.requireNonNull(action, "action");
            this.resource = Objects.requireNonNull(resource, "resource");
            this.principal = Objects.requireNonNull(principal, "principal");
        }

        /** Sets a single-valued key, replacing any value. */
        public Builder put(String key, String value) {
            explicit.put(key.toLowerCase(Locale.ROOT), new String[] {Objects.requireNonNull(value, key)});
            return this;
        }

        /** Sets a multi-valued key (may be empty: present but with no values). */
        public Builder put(String key, List<String> values) {
            explicit.put(key.toLowerCase(Locale.ROOT), values.toArray(String[]::new));
            return this;
        }

        /** Adds {@code keys} when the keys are first needed: a decision that reads no condition key never computes them. */
        public Builder with(ConditionKeys keys) {
            deferred.add(Objects.requireNonNull(keys, "keys"));
            return this;
        }

        public Builder sourceIp(String ip) {
            this.sourceIp = Objects.requireNonNull(ip, "aws:SourceIp");
            return this;
        }

        public Builder secureTransport(boolean secure) {
            this.secureTransport = secure;
            return this;
        }

        /** aws:CurrentTime (ISO 8601, seconds) and aws:EpochTime (epoch seconds). */
        public Builder currentTime(Instant now) {
            this.currentTime = Objects.requireNonNull(now, "aws:CurrentTime");
            return this;
        }

        public Builder requestedRegion(String region) {
            return derive("aws:RequestedRegion", region);
        }

        /** aws:ResourceTag/key for each tag of the resource. */
        public Builder resourceTags(Map<String, String> tags) {
            tags.forEach((k, v) -> derive("aws:ResourceTag/" + k, v));
            return this;
        }

        /** aws:RequestTag/key for each tag in the request, and aws:TagKeys (multi-valued). */
        public Builder requestTags(Map<String, String> tags) {
            tags.forEach((k, v) -> derive("aws:RequestTag/" + k, v));
            derived.put("aws:tagkeys", tags.keySet().toArray(String[]::new));
            return this;
        }

        /**
         * The services that made this request on the caller's behalf, first to last: sets
         * aws:CalledVia, aws:CalledViaFirst, aws:CalledViaLast and aws:ViaAWSService=true.
         */
        public Builder calledVia(List<String> services) {
            if (services.isEmpty()) {
                return viaAwsService(false);
            }
            derived.put("aws:calledvia", services.toArray(String[]::new));
            derive("aws:CalledViaFirst", services.get(0));
            derive("aws:CalledViaLast", services.get(services.size() - 1));
            return viaAwsService(true);
        }

        public Builder viaAwsService(boolean via) {
            return derive("aws:ViaAWSService", Boolean.toString(via));
        }

        /**
         * aws:MultiFactorAuthPresent. Unset, it is "false" for role sessions and absent for
         * long-term credentials (IAM users, root), as AWS documents.
         */
        public Builder multiFactorAuthPresent(boolean present) {
            this.mfaPresent = present;
            return this;
        }

        private Builder derive(String key, String value) {
            derived.put(key.toLowerCase(Locale.ROOT), new String[] {Objects.requireNonNull(value, key)});
            return this;
        }

        /**
         * The request; its condition keys are computed on first use, from this builder, which must not be used
         * after this call.
         */
        public AuthorizationRequest build() {
            return new AuthorizationRequest(action, resource, principal, new ConditionContext(this::keys));
        }

        private Map<String, String[]> keys() {
            for (int i = 0; i < deferred.size(); i++) {
                deferred.get(i).addTo(this);
            }
            Map<String, String[]> keys = new HashMap<>(derived.size() + explicit.size() + 16);
            keys.putAll(derived);
            if (currentTime != null) {
                Instant t = currentTime.truncatedTo(ChronoUnit.SECONDS);
                keys.put("aws:currenttime", new String[] {DateTimeFormatter.ISO_INSTANT.format(t)});
                keys.put("aws:epochtime", new String[] {Long.toString(t.getEpochSecond())});
            }
            if (sourceIp != null) {
                keys.put("aws:sourceip", new String[] {sourceIp});
            }
            if (secureTransport != null) {
                keys.put("aws:securetransport", new String[] {secureTransport.toString()});
            }
            principalKeys(keys);
            keys.putAll(explicit);
            return Collections.unmodifiableMap(keys);
        }

        private void principalKeys(Map<String, String[]> keys) {
            RequestPrincipal p = principal;
            if (p.type() == PrincipalType.SERVICE) {
                keys.put("aws:principalservicename", new String[] {p.arn()});
                keys.put("aws:principalisawsservice", new String[] {"true"});
                return;
            }
            keys.put("aws:principalisawsservice", new String[] {"false"});
            keys.put("aws:principalarn", new String[] {p.principalArn()});
            keys.put("aws:principalaccount", new String[] {p.accountId()});
            keys.put("aws:principaltype", new String[] {p.type().contextValue()});
            keys.put("aws:userid", new String[] {p.userId()});
            if (p.type() == PrincipalType.IAM_USER && p.userName() != null) {
                keys.put("aws:username", new String[] {p.userName()});
            }
            p.tags().forEach((k, v) -> {
                keys.put(("aws:PrincipalTag/" + k).toLowerCase(Locale.ROOT), new String[] {v});
            });
            if (mfaPresent != null) {
                keys.put("aws:multifactorauthpresent", new String[] {mfaPresent.toString()});
            } else if (p.type() == PrincipalType.ASSUMED_ROLE) {
                keys.put("aws:multifactorauthpresent", new String[] {"false"});
            }
        }
    }
}
