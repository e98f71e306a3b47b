package io.citadel.acme.api;

import io.citadel.acme.AcmeAccount;
import io.citadel.acme.AcmeAuthorization;
import io.citadel.acme.AcmeDirectory;
import io.citadel.acme.AcmeOrders;
import io.citadel.acme.AcmeProblem;
import io.citadel.acme.Identifier;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON objects of RFC 8555 section 7.1 for this server's resources, with absolute URLs under one directory. */
final class AcmeViews {

    private final String base;

    /** {@code base} is the directory's URL prefix, e.g. {@code http://127.0.0.1:4566/acme/main}. */
    AcmeViews(String base) {
        this.base = base;
    }

    String url(String... segments) {
        return base + "/" + String.join("/", segments);
    }

    Map<String, Object> directory(AcmeDirectory d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("newNonce", url("new-nonce"));
        out.put("newAccount", url("new-account"));
        out.put("newOrder", url("new-order"));
        out.put("revokeCert", url("revoke-cert"));
        out.put("keyChange", url("key-change"));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("externalAccountRequired", d.externalAccountRequired());
        out.put("meta", meta);
        return out;
    }

    Map<String, Object> account(AcmeAccount a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", a.status().name());
        out.put("contact", a.contact());
        out.put("termsOfServiceAgreed", a.termsOfServiceAgreed());
        out.put("key", a.jwk());
        out.put("orders", url("acct", a.id(), "orders"));
        out.put("createdAt", time(a.createdAt()));
        return out;
    }

    Map<String, Object> order(AcmeOrders.OrderView view) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", view.status().name());
        out.put("expires", time(view.order().expires()));
        List<Object> ids = new ArrayList<>();
        for (Identifier i : view.order().identifiers()) {
            ids.add(Map.of("type", i.type(), "value", i.value()));
        }
        out.put("identifiers", ids);
        out.put("authorizations", view.order().authorizationIds().stream().map(id -> url("authz", id)).toList());
        out.put("finalize", url("order", view.order().id(), "finalize"));
        if (view.order().certificateId() != null) {
            out.put("certificate", url("cert", view.order().certificateId()));
        }
        if (view.order().error() != null) {
            out.put("error", error(view.order().error()));
        }
        return out;
    }

    Map<String, Object> authorization(AcmeAuthorization a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("identifier", Map.of("type", a.identifier().type(), "value", a.identifier().base()));
        out.put("status", a.status().name());
        out.put("expires", time(a.expires()));
        out.put("challenges", a.challenges().stream().map(c -> challenge(a, c)).toList());
        if (a.identifier().wildcard()) {
            out.put("wildcard", true);
        }
        return out;
    }

    Map<String, Object> challenge(AcmeAuthorization a, AcmeAuthorization.Challenge c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", c.type());
        out.put("url", url("chall", a.id(), c.id()));
        out.put("status", c.status().name());
        out.put("token", c.token());
        if (c.validated() != null) {
            out.put("validated", time(c.validated()));
        }
        if (c.error() != null) {
            out.put("error", error(c.error()));
        }
        return out;
    }

    static Map<String, Object> problem(AcmeProblem p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", p.type().urn());
        out.put("detail", p.detail());
        out.put("status", p.type().status());
        if (p.type() == AcmeProblem.Type.BAD_SIGNATURE_ALGORITHM) {
            out.put("algorithms", JwsMessage.ALGORITHMS);
        }
        if (!p.subproblems().isEmpty()) {
            List<Object> subs = new ArrayList<>();
            for (AcmeProblem.Subproblem s : p.subproblems()) {
                Map<String, Object> sub = new LinkedHashMap<>();
                sub.put("type", s.type().urn());
                sub.put("detail", s.detail());
                if (s.identifier() != null) {
                    sub.put("identifier", Map.of("type", s.identifier().type(), "value", s.identifier().value()));
                }
                subs.add(sub);
            }
            out.put("subproblems", subs);
        }
        return out;
    }

    private static Map<String, Object> error(AcmeProblem.StoredError e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", e.type());
        out.put("detail", e.detail());
        out.put("status", e.status());
        return out;
    }

    static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
