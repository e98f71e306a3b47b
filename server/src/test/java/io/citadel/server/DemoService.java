package io.citadel.server;

import io.citadel.core.ErrorCode;
import io.citadel.core.Principal;
import io.citadel.core.ServiceException;
import io.citadel.protocol.Authenticator;
import io.citadel.protocol.Operation;
import io.citadel.protocol.ServiceApi;
import io.citadel.protocol.WireProtocol;
import io.citadel.protocol.sigv4.AuthFailure;
import io.citadel.protocol.sigv4.AuthenticationException;
import io.citadel.protocol.sigv4.Authenticated;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A fake json and query service and a fake authenticator for exercising the server without real services. */
final class DemoService {

    static final Principal CALLER = Principal.root("111122223333", "AKIAIOSFODNN7EXAMPLE");

    record EchoRequest(String message, Integer count, byte[] blob, Instant when, List<String> tags) {
        EchoRequest {
            if (message == null) {
                throw ServiceException.validation(
                        "1 validation error detected: Value null at 'message' failed to satisfy constraint: Member must not be null");
            }
        }
    }

    record EchoResponse(String message, Integer count, byte[] blob, Instant when, List<String> tags) {
    }

    record Empty() {
    }

    final CountDownLatch slowEntered = new CountDownLatch(1);
    final CountDownLatch slowRelease = new CountDownLatch(1);

    ServiceApi json() {
        return ServiceApi.of("demo", new WireProtocol.Json("DemoService", "1.1"), List.of(
                new Operation<>("Echo", EchoRequest.class, true,
                        (ctx, in) -> new EchoResponse(in.message(), in.count(), in.blob(), in.when(), in.tags())),
                new Operation<>("Fail", Empty.class, (ctx, in) -> {
                    throw new IllegalStateException("secret-internal-detail");
                }),
                new Operation<>("NotFound", Empty.class, (ctx, in) -> {
                    ctx.touched().add("arn:aws:demo:us-east-1:111122223333:thing/x");
                    throw new ServiceException(ErrorCode.sender("NotFoundException", 400), "Key 'x' does not exist");
                }),
                new Operation<>("Slow", Empty.class, (ctx, in) -> {
                    slowEntered.countDown();
                    try {
                        slowRelease.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new Empty();
                })));
    }

    ServiceApi query() {
        return ServiceApi.of("demoq", new WireProtocol.Query("2020-01-01", "https://demoq.example/doc/2020-01-01/"), List.of(
                new Operation<>("Echo", EchoRequest.class,
                        (ctx, in) -> new EchoResponse(in.message(), in.count(), in.blob(), in.when(), in.tags()))));
    }

    /** Accepts {@code Authorization: ok-<service>}; anything else is an unknown key. */
    static Authenticator authenticator() {
        return request -> {
            String auth = request.header("authorization");
            if (auth == null) {
                throw new AuthenticationException(AuthFailure.MISSING_AUTHENTICATION, "Missing Authentication Token");
            }
            if (!auth.startsWith("ok-")) {
                throw new AuthenticationException(AuthFailure.UNKNOWN_ACCESS_KEY,
                        "The security token included in the request is invalid.");
            }
            return new Authenticated(CALLER, "us-east-1", auth.substring(3));
        };
    }
}
