package io.citadel.acme.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citadel.acme.Acme;
import io.citadel.acme.AcmeAccount;
import io.citadel.acme.AcmeAccounts;
import io.citadel.acme.AcmeAuthorization;
import io.citadel.acme.AcmeCertificate;
import io.citadel.acme.AcmeDirectory;
import io.citadel.acme.AcmeOrders;
import io.citadel.acme.AcmeProblem;
import io.citadel.acme.ChallengeValidation;
import io.citadel.acme.Identifier;
import io.citadel.core.crypto.pki.Jws;
import io.citadel.core.crypto.pki.Pem;
import io.citadel.protocol.PublicRoute;
import io.citadel.protocol.WireRequest;
import io.citadel.protocol.WireResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The ACME endpoints (RFC 8555) as one {@link PublicRoute} under {@code /acme/}: {@code /acme/<directory>/directory},
 * {@code new-nonce} (HEAD and GET), and the JWS-signed POSTs. Every answer of a directory carries a fresh
 * Replay-Nonce and a Link to the directory; every error is an application/problem+json document.
 */
public final class AcmeRoutes {

    public static final String PREFIX = "/acme/";
    static final String JOSE = "application/jose+json";
    static final String JSON_TYPE = "application/json";
    static final String PROBLEM = "application/problem+json";
    static final String PEM_CHAIN = "application/pem-certificate-chain";
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");

    private final Acme acme;

    public AcmeRoutes(Acme acme) {
        this.acme = acme;
    }

    /** The route to add to the dispatcher's public routes. */
    public PublicRoute route() {
        return new PublicRoute("*", PREFIX, this::handle);
    }

    /** A resolved request: the directory, its URL prefix and the path segments after it. */
    private record Call(WireRequest request, AcmeDirectory directory, String base, String url, List<String> segments, AcmeViews views) {
    }

    /** The answer before the common headers are added. */
    private record Answer(int status, String contentType, Map<String, String> headers, byte[] body) {
    }

    public WireResponse handle(WireRequest request) {
        String path = request.rawPath();
        String[] parts = path.substring(PREFIX.length()).split("/", -1);
        String host = request.header("host");
        if (host == null || !HOST.matcher(host).matches()) {
            return finish(null, problem(new AcmeProblem(AcmeProblem.Type.MALFORMED, "Host header: " + host
                    + " (expected: host or host:port)")), request);
        }
        String origin = (request.secure() ? "https://" : "http://") + host;
        Optional<AcmeDirectory> directory = parts.length < 2 ? Optional.empty() : acme.directories().find(parts[0]);
        if (directory.isEmpty()) {
            return finish(null, problem(new AcmeProblem(AcmeProblem.Type.NOT_FOUND, "no ACME directory at " + path
                    + " (an operator enables one with: citadel admin enable-acme)")), request);
        }
        String base = origin + PREFIX + parts[0];
        Call call = new Call(request, directory.get(), base, origin + path, List.of(parts).subList(1, parts.length), new AcmeViews(base));
        Answer answer;
        try {
            answer = switch (request.method()) {
                case "GET", "HEAD" -> get(call);
                case "POST" -> post(call);
                default -> throw new AcmeProblem(AcmeProblem.Type.METHOD_NOT_ALLOWED, "method " + request.method()
                        + " (expected: GET or HEAD for the directory and new-nonce, POST for the rest)");
            };
        } catch (AcmeProblem p) {
            answer = problem(p, call);
        }
        return finish(call, answer, request);
    }

    private WireResponse finish(Call call, Answer answer, WireRequest request) {
        Map<String, String> headers = new LinkedHashMap<>(answer.headers());
        headers.put("Cache-Control", "no-store");
        if (call != null) {
            // no nonce for a directory that does not exist: nothing can use it, and nonces cost a storage write
            headers.put("Replay-Nonce", acme.nonces().issue());
            String index = "<" + call.views().url("directory") + ">;rel=\"index\"";
            headers.merge("Link", index, (up, idx) -> up + ", " + idx);
        }
        byte[] body = request.method().equals("HEAD") ? new byte[0] : answer.body();
        return new WireResponse(answer.status(), answer.contentType(), headers, body);
    }

    private Answer get(Call call) {
        String resource = call.segments().getFirst();
        if (call.segments().size() == 1 && resource.equals("directory")) {
            return json(200, call.views().directory(call.directory()), Map.of());
        }
        if (call.segments().size() == 1 && resource.equals("new-nonce")) {
            return new Answer(call.request().method().equals("HEAD") ? 200 : 204, JSON_TYPE, Map.of(), new byte[0]);
        }
        throw new AcmeProblem(AcmeProblem.Type.METHOD_NOT_ALLOWED, "GET " + call.request().rawPath()
                + " (expected: POST-as-GET, RFC 8555 section 6.3)");
    }

    private Answer post(Call call) {
        String contentType = call.request().header("content-type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(JOSE)) {
            throw new AcmeProblem(AcmeProblem.Type.UNSUPPORTED_MEDIA_TYPE, "Content-Type: " + contentType + " (expected: " + JOSE + ")");
        }
        JwsMessage jws = JwsMessage.parse(call.request().body());
        String resource = call.segments().getFirst();
        boolean byKey = resource.equals("new-account") || resource.equals("revoke-cert");
        String url = jws.headerText("url");
        if (!call.url().equals(url)) {
            throw new AcmeProblem(AcmeProblem.Type.UNAUTHORIZED, "JWS url header: " + url + " (expected: the request URL " + call.url() + ")");
        }
        Jws.PublicJwk jwk = jws.jwk();
        String kid = jws.headerText("kid");
        if ((jwk == null) == (kid == null)) {
            throw new AcmeProblem(AcmeProblem.Type.MALFORMED, "JWS: exactly one of jwk and kid must be present (found "
                    + (jwk == null ? "neither" : "both") + ")");
        }
        if (jwk != null && !byKey) {
            throw new AcmeProblem(AcmeProblem.Type.MALFORMED, "JWS: jwk is allowed only for newAccount and revokeCert (expected: kid)");
        }
        if (kid != null && resource.equals("new-account")) {
            throw new AcmeProblem(AcmeProblem.Type.MALFORMED, "JWS: newAccount must be signed with a jwk (found: kid)");
        }
        AcmeAccount account = null;
        if (kid != null) {
            String prefix = call.views().url("acct") + "/";
            if (!kid.startsWith(prefix) || kid.substring(prefix.length()).contains("/")) {
                throw new AcmeProblem(AcmeProblem.Type.ACCOUNT_DOES_NOT_EXIST, "JWS kid: " + kid + " (expected: " + prefix + "<id>)");
            }
            account = acme.accounts().get(call.directory(), kid.substring(prefix.length()));
        }
        jws.verify(jwk != null ? jwk : account.key());
        if (!acme.nonces().consume(jws.headerText("nonce"))) {
            throw new AcmeProblem(AcmeProblem.Type.BAD_NONCE, "JWS nonce: " + jws.headerText("nonce")
                    + " (expected: an unused nonce from this server, at most " + io.citadel.acme.Nonces.LIFETIME.toMinutes() + " minutes old)");
        }
        if (account != null && account.status() != AcmeAccount.Status.valid) {
            throw new AcmeProblem(AcmeProblem.Type.UNAUTHORIZED, "account " + account.id() + " is " + account.status());
        }
        List<String> s = call.segments();
        return switch (resource) {
            case "new-account" -> newAccount(call, jws, jwk);
            case "new-order" -> newOrder(call, jws, account);
            case "revoke-cert" -> revoke(call, jws, jwk, account);
            case "key-change" -> keyChange(call, jws, account);
            case "acct" -> s.size() == 2 ? updateAccount(call, jws, account, s.get(1))
                    : s.size() == 3 && s.get(2).equals("orders") ? orders(call, account, s.get(1)) : notFound(call);
            case "order" -> s.size() == 2 ? orderView(call, account, s.get(1))
                    : s.size() == 3 && s.get(2).equals("finalize") ? finalizeOrder(call, jws, account, s.get(1)) : notFound(call);
            case "authz" -> s.size() == 2 ? authorization(call, jws, account, s.get(1)) : notFound(call);
            case "chall" -> s.size() == 3 ? challenge(call, jws, account, s.get(1), s.get(2)) : notFound(call);
            case "cert" -> s.size() == 2 ? certificate(call, account, s.get(1)) : notFound(call);
            default -> notFound(call);
        };
    }

    private Answer newAccount(Call call, JwsMessage jws, Jws.PublicJwk jwk) {
        ObjectNode p = jws.payloadObject();
        AcmeAccounts.ExternalBinding binding = null;
        if (p.has("externalAccountBinding")) {
            JwsMessage eab = JwsMessage.of(p.get("externalAccountBinding"), "externalAccountBinding");
            if (!call.url().equals(eab.headerText("url"))) {
                throw new AcmeProblem(AcmeProblem.Type.MALFORMED, "externalAccountBinding url: " + eab.headerText("url")
                        + " (expected: " + call.url() + ")");
            }
            if (eab.header().has("nonce")) {
                throw new AcmeProblem(AcmeProblem.Type.MALFORMED, "externalAccountBinding: must not carry a nonce");
            }
            String alg = eab.alg();
            if (alg == null || !alg.matches("HS(256|384|512)")) {
                throw new AcmeProblem(AcmeProblem.Type.BAD_SIGNATURE_ALGORITHM, "externalAccountBinding alg: " + alg
                        + " (expected: HS256, HS384 or HS512)");
            }
            JsonNode bound;
            try {
                bound = JwsMessage.JSON.readTree(eab.payload());
            } catch (java.io.IOException e) {
                throw new AcmeProblem(AcmeProblem.Type.MALFORMED, "externalAccountBinding payload: not a JWK");
            }
            binding = new AcmeAccounts.ExternalBinding(alg, eab.headerText("kid"), eab.signingInput(), eab.signature(),
                    JwsMessage.toKey(bound, "externalAccountBinding payload"));
        }
        List<String> contact = strings(p.get("contact"), "contact");
        AcmeAccounts.NewAccount result = acme.accounts().create(call.directory(), jwk, contact,
                p.path("termsOfServiceAgreed").asBoolean(false), p.path("onlyReturnExisting").asBoolean(false), binding);
        return json(result.created() ? 201 : 200, call.views().account(result.account()),
                Map.of("Location", call.views().url("acct", result.account().id())));
    }

    private Answer updateAccount(Call call, JwsMessage jws, AcmeAccount account, String id) {
        requireSelf(account, id);
        ObjectNode p = jws.payloadObject();
        boolean deactivate = false;
        if (p.has("status")) {
            if (!p.get("status").asText().equals("deactivated")) {
                throw new AcmeProblem(AcmeProblem.Type.MALFORMED, "status: " + p.get("status") + " (expected: \"deactivated\")");
            }
            deactivate = true;
        }
        AcmeAccount result = jws.postAsGet() ? account
                : acme.accounts().update(call.directory(), id, p.has("contact") ? strings(p.get("contact"), "contact") : null, deactivate);
        return json(200, call.views().account(result), Map.of("Location", call.views().url("acct", id)));
    }

    private Answer orders(Call call, AcmeAccount account, String id) {
        requireSelf(account, id);
        List<String> urls = acme.orders().orderIds(call.directory(), id).stream().map(o -> call.views().url("order", o)).toList();
        return json(200, Map.of("orders", urls), Map.of());
    }

    private Answer newOrder(Call call, JwsMessage jws, AcmeAccount account) {
        ObjectNode p = jws.payloadObject();
        if (p.hasNonNull("notBefore") || p.hasNonNull("notAfter")) {
            throw new AcmeProblem(AcmeProblem.Type.MALFORMED, "notBefore/notAfter: not supported (certificates are valid for "
                    + call.directory().validityDays() + " days from issuance)");
        }
        JsonNode ids = p.get("identifiers");
        if (ids == null || !ids.isArray()) {
            throw new AcmeProblem(AcmeProblem.Type.MALFORMED, "identifiers: missing (expected: an array of {type, value})");
        }
        List<Identifier> identifiers = new ArrayList<>();
        for (JsonNode i : ids) {
            identifiers.add(Identifier.requested(i.path("type").isTextual() ? i.get("type").asText() : null,
                    i.path("value").isTextual() ? i.get("value").asText() : null));
        }
        AcmeOrders.OrderView view = acme.orders().create(call.directory(), account, identifiers);
        return json(201, call.views().order(view), Map.of("Location", call.views().url("order", view.order().id())));
    }

    private Answer orderView(Call call, AcmeAccount account, String orderId) {
        AcmeOrders.OrderView view = acme.orders().get(call.directory(), account.id(), orderId);
        return json(200, call.views().order(view), retryAfter(view.status() == io.citadel.acme.AcmeOrder.Status.processing));
    }

    private Answer finalizeOrder(Call call, JwsMessage jws, AcmeAccount account, String orderId) {
        ObjectNode p = jws.payloadObject();
        byte[] csr;
        try {
            csr = Jws.base64url(p.path("csr").isTextual() ? p.get("csr").asText() : null, "csr");
        } catch (IllegalArgumentException e) {
            throw new AcmeProblem(AcmeProblem.Type.MALFORMED, e.getMessage());
        }
        AcmeOrders.OrderView view = acme.orders().finalizeOrder(call.directory(), account, orderId, csr);
        Map<String, String> headers = new LinkedHashMap<>(retryAfter(view.status() == io.citadel.acme.AcmeOrder.Status.processing));
        headers.put("Location", call.views().url("order", orderId));
        return json(200, call.views().order(view), headers);
    }

    private Answer authorization(Call call, JwsMessage jws, AcmeAccount account, String authzId) {
        ObjectNode p = jws.payloadObject();
        AcmeAuthorization a;
        if (p.has("status")) {
            if (!p.get("status").asText().equals("deactivated")) {
                throw new AcmeProblem(AcmeProblem.Type.MALFORMED, "status: " + p.get("status") + " (expected: \"deactivated\")");
            }
            a = acme.orders().deactivate(call.directory(), account.id(), authzId);
        } else {
            a = acme.orders().authorization(call.directory(), account.id(), authzId);
        }
        boolean processing = a.challenges().stream().anyMatch(c -> c.status() == AcmeAuthorization.ChallengeStatus.processing);
        return json(200, call.views().authorization(a), retryAfter(processing));
    }

    private Answer challenge(Call call, JwsMessage jws, AcmeAccount account, String authzId, String challengeId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Link", "<" + call.views().url("authz", authzId) + ">;rel=\"up\"");
        if (jws.postAsGet()) {
            AcmeAuthorization a = acme.orders().authorization(call.directory(), account.id(), authzId);
            AcmeAuthorization.Challenge c = a.challenge(challengeId).orElseThrow(() ->
                    new AcmeProblem(AcmeProblem.Type.NOT_FOUND, "challenge " + challengeId + " does not exist"));
            headers.putAll(retryAfter(c.status() == AcmeAuthorization.ChallengeStatus.processing));
            return json(200, call.views().challenge(a, c), headers);
        }
        jws.payloadObject();
        ChallengeValidation.Responded r = acme.validation().respond(call.directory(), account, authzId, challengeId);
        headers.putAll(retryAfter(r.challenge().status() == AcmeAuthorization.ChallengeStatus.processing));
        return json(200, call.views().challenge(r.authorization(), r.challenge()), headers);
    }

    private Answer certificate(Call call, AcmeAccount account, String certificateId) {
        AcmeCertificate c = acme.orders().certificate(call.directory(), account.id(), certificateId);
        StringBuilder pem = new StringBuilder(Pem.encode(Pem.CERTIFICATE, c.certificate()));
        for (byte[] ca : c.chain()) {
            pem.append(Pem.encode(Pem.CERTIFICATE, ca));
        }
        return new Answer(200, PEM_CHAIN, Map.of(), pem.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private Answer revoke(Call call, JwsMessage jws, Jws.PublicJwk jwk, AcmeAccount account) {
        ObjectNode p = jws.payloadObject();
        byte[] der;
        try {
            der = Jws.base64url(p.path("certificate").isTextual() ? p.get("certificate").asText() : null, "certificate");
        } catch (IllegalArgumentException e) {
            throw new AcmeProblem(AcmeProblem.Type.MALFORMED, e.getMessage());
        }
        Integer reason = null;
        if (p.has("reason")) {
            if (!p.get("reason").canConvertToInt()) {
                throw new AcmeProblem(AcmeProblem.Type.BAD_REVOCATION_REASON, "reason: " + p.get("reason") + " (expected: an integer)");
            }
            reason = p.get("reason").asInt();
        }
        AcmeOrders.Revoker revoker = jwk != null ? new AcmeOrders.Revoker.CertificateKey(jwk) : new AcmeOrders.Revoker.Account(account.id());
        acme.orders().revoke(call.directory(), revoker, der, reason);
        return new Answer(200, JSON_TYPE, Map.of(), new byte[0]);
    }

    private Answer keyChange(Call call, JwsMessage outer, AcmeAccount account) {
        JsonNode payload;
        try {
            payload = JwsMessage.JSON.readTree(outer.payload());
        } catch (java.io.IOException e) {
            throw new AcmeProblem(AcmeProblem.Type.MALFORMED, "keyChange payload: not a JWS");
        }
        JwsMessage inner = JwsMessage.of(payload, "keyChange inner JWS");
        Jws.PublicJwk newKey = inner.jwk();
        if (newKey == null || inner.header().has("kid")) {
            throw new AcmeProblem(AcmeProblem.Type.MALFORMED, "keyChange inner JWS: must be signed with a jwk (the new key), not a kid");
        }
        if (inner.header().has("nonce")) {
            throw new AcmeProblem(AcmeProblem.Type.MALFORMED, "keyChange inner JWS: must not carry a nonce");
        }
        if (!call.url().equals(inner.headerText("url"))) {
            throw new AcmeProblem(AcmeProblem.Type.MALFORMED, "keyChange inner JWS url: " + inner.headerText("url")
                    + " (expected: " + call.url() + ")");
        }
        inner.verify(newKey);
        ObjectNode body = inner.payloadObject();
        String accountUrl = call.views().url("acct", account.id());
        if (!accountUrl.equals(body.path("account").asText(null))) {
            throw new AcmeProblem(AcmeProblem.Type.MALFORMED, "keyChange account: " + body.path("account").asText(null)
                    + " (expected: the signer's account " + accountUrl + ")");
        }
        if (!body.has("oldKey")) {
            throw new AcmeProblem(AcmeProblem.Type.MALFORMED, "keyChange oldKey: missing");
        }
        Jws.PublicJwk oldKey = JwsMessage.toKey(body.get("oldKey"), "keyChange oldKey");
        AcmeAccount updated = acme.accounts().changeKey(call.directory(), account.id(), oldKey, newKey);
        return json(200, call.views().account(updated), Map.of("Location", accountUrl));
    }

    private static void requireSelf(AcmeAccount account, String id) {
        if (!account.id().equals(id)) {
            throw new AcmeProblem(AcmeProblem.Type.UNAUTHORIZED, "account " + id + ": the request is signed by account "
                    + account.id() + " (expected: the account itself)");
        }
    }

    private static Answer notFound(Call call) {
        throw new AcmeProblem(AcmeProblem.Type.NOT_FOUND, "no ACME resource at " + call.request().rawPath());
    }

    private static Map<String, String> retryAfter(boolean processing) {
        return processing ? Map.of("Retry-After", "1") : Map.of();
    }

    private static List<String> strings(JsonNode node, String what) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new AcmeProblem(AcmeProblem.Type.MALFORMED, what + ": not an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isTextual()) {
                throw new AcmeProblem(AcmeProblem.Type.MALFORMED, what + ": not an array of strings");
            }
            out.add(n.asText());
        }
        return out;
    }

    private static Answer json(int status, Object value, Map<String, String> headers) {
        try {
            return new Answer(status, JSON_TYPE, headers, JwsMessage.JSON.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON encoding failed", e);
        }
    }

    private static Answer problem(AcmeProblem p) {
        return problem(p, null);
    }

    private static Answer problem(AcmeProblem p, Call call) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (p.location() != null && call != null) {
            headers.put("Location", call.views().url("acct", p.location()));
        }
        try {
            return new Answer(p.type().status(), PROBLEM, headers, JwsMessage.JSON.writeValueAsBytes(AcmeViews.problem(p)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON encoding failed", e);
        }
    }
}
