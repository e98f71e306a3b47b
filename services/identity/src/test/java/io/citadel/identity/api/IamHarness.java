package io.citadel.identity.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citadel.core.Principal;
import io.citadel.core.RequestContext;
import io.citadel.core.ServiceException;
import io.citadel.identity.AccessKey;
import io.citadel.identity.Account;
import io.citadel.identity.IdentityService;
import io.citadel.identity.PolicyAccess;
import io.citadel.protocol.Operation;
import io.citadel.protocol.ServiceApi;
import io.citadel.protocol.WireProtocol;
import io.citadel.protocol.query.QueryCodec;
import io.citadel.storage.InMemoryStorage;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An identity service on in-memory storage with a movable clock, and calls through the IAM and STS
 * operation tables the way the server makes them: form parameters decoded by the query codec.
 */
final class IamHarness {

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    final InstantSource clock = () -> now.get();
    final IdentityService identity = new IdentityService(new InMemoryStorage(), clock, new SecureRandom());
    final PolicyAccess access = new PolicyAccess(identity);
    final ServiceApi iam = IamApi.create(identity, access);
    final ServiceApi sts = StsApi.create(identity, access);
    final QueryCodec codec = new QueryCodec();
    final Account account = identity.createAccount("test");
    final AccessKey rootKey = identity.createAccessKey(account.id(), null);
    final Principal root = identity.principalOf(rootKey);

    String acct() {
        return account.id();
    }

    void advance(Duration d) {
        now.set(now.get().plus(d));
    }

    static Map<String, String> params(String... kv) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put(kv[i], kv[i + 1]);
        }
        return out;
    }

    Object call(ServiceApi api, Principal caller, String action, Map<String, String> params) {
        Operation<?, ?> op = api.operation(action);
        if (op == null) {
            throw new IllegalArgumentException("no operation " + action);
        }
        ObjectNode members = codec.members(params);
        Object input = codec.decode(op, members);
        RequestContext ctx = new RequestContext("req-1", now.get(), "10.0.0.1", "test", true, caller, "us-east-1",
                api.signingName(), action);
        return op.invoke(ctx, input);
    }

    Object iam(String action, String... kv) {
        return call(iam, root, action, params(kv));
    }

    Object iamAs(Principal caller, String action, String... kv) {
        return call(iam, caller, action, params(kv));
    }

    /** The XML body the query codec renders for a call, as a client would receive it. */
    String xml(ServiceApi api, Principal caller, String action, String... kv) {
        Object out = call(api, caller, action, params(kv));
        var response = codec.success((WireProtocol.Query) api.protocol(), action, codec.encode(out), "req-1");
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    void iamFails(String code, String action, String... kv) {
        failsAs(root, iam, code, action, kv);
    }

    void failsAs(Principal caller, ServiceApi api, String code, String action, String... kv) {
        assertThatThrownBy(() -> call(api, caller, action, params(kv)))
                .isInstanceOfSatisfying(ServiceException.class, e -> org.assertj.core.api.Assertions
                        .assertThat(QueryCodec.wireCode(e.errorCode()).code()).as(e.getMessage()).isEqualTo(code));
    }

    static String allow(String action, String resource) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action
                + "\",\"Resource\":\"" + resource + "\"}]}";
    }

    static String deny(String action, String resource) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"" + action
                + "\",\"Resource\":\"" + resource + "\"}]}";
    }

    String trustAccount() {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                + acct() + ":root\"},\"Action\":\"sts:AssumeRole\"}]}";
    }
}
