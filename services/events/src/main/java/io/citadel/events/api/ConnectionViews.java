package io.citadel.events.api;

import io.citadel.events.ConnectionRecord;
import io.citadel.events.Connections;

/** Connection shapes to and from the stored record; answers never carry a secret (secret parameter values are left out). */
final class ConnectionViews {

    private ConnectionViews() {
    }

    static Connections.ConnectionInput input(CreateConnectionRequest r) {
        var a = r.authParameters();
        if (a == null) {
            throw io.citadel.core.ServiceException.validation("AuthParameters is required.");
        }
        var key = a.apiKeyAuthParameters();
        var basic = a.basicAuthParameters();
        var oauth = a.oAuthParameters();
        return new Connections.ConnectionInput(r.description(), r.authorizationType(),
                key == null ? null : key.apiKeyName(), key == null ? null : key.apiKeyValue(),
                basic == null ? null : basic.username(), basic == null ? null : basic.password(),
                oauth == null || oauth.clientParameters() == null ? null : oauth.clientParameters().clientID(),
                oauth == null || oauth.clientParameters() == null ? null : oauth.clientParameters().clientSecret(),
                oauth == null ? null : oauth.authorizationEndpoint(), oauth == null ? null : oauth.httpMethod(),
                oauth == null ? null : params(oauth.oAuthHttpParameters()), params(a.invocationHttpParameters()));
    }

    static Connections.ConnectionInput input(UpdateConnectionRequest r) {
        var a = r.authParameters();
        var key = a == null ? null : a.apiKeyAuthParameters();
        var basic = a == null ? null : a.basicAuthParameters();
        var oauth = a == null ? null : a.oAuthParameters();
        return new Connections.ConnectionInput(r.description(), r.authorizationType(),
                key == null ? null : key.apiKeyName(), key == null ? null : key.apiKeyValue(),
                basic == null ? null : basic.username(), basic == null ? null : basic.password(),
                oauth == null || oauth.clientParameters() == null ? null : oauth.clientParameters().clientID(),
                oauth == null || oauth.clientParameters() == null ? null : oauth.clientParameters().clientSecret(),
                oauth == null ? null : oauth.authorizationEndpoint(), oauth == null ? null : oauth.httpMethod(),
                oauth == null ? null : params(oauth.oAuthHttpParameters()), a == null ? null : params(a.invocationHttpParameters()));
    }

    static DescribeConnectionResponse describe(ConnectionRecord c) {
        ConnectionAuthResponseParameters auth = new ConnectionAuthResponseParameters(
                c.username() == null ? null : new ConnectionBasicAuthResponseParameters(c.username()),
                c.clientId() == null ? null : new ConnectionOAuthResponseParameters(new ConnectionOAuthClientResponseParameters(c.clientId()),
                        c.authorizationEndpoint(), c.oauthHttpMethod(), shown(c.oauthParams())),
                c.apiKeyName() == null ? null : new ConnectionApiKeyAuthResponseParameters(c.apiKeyName()),
                shown(c.invocationParams()), null);
        return new DescribeConnectionResponse(c.arn(), c.name(), c.description(), null, c.state(), null, c.authorizationType(), null,
                null, auth, c.creationTime(), c.lastModifiedTime(), c.lastAuthorizedTime());
    }

    private static ConnectionRecord.HttpParams params(ConnectionHttpParameters p) {
        if (p == null) {
            return null;
        }
        return new ConnectionRecord.HttpParams(
                p.headerParameters() == null ? null : p.headerParameters().stream()
                        .map(h -> new ConnectionRecord.Param(h.key(), h.value(), Boolean.TRUE.equals(h.isValueSecret()))).toList(),
                p.queryStringParameters() == null ? null : p.queryStringParameters().stream()
                        .map(h -> new ConnectionRecord.Param(h.key(), h.value(), Boolean.TRUE.equals(h.isValueSecret()))).toList(),
                p.bodyParameters() == null ? null : p.bodyParameters().stream()
                        .map(h -> new ConnectionRecord.Param(h.key(), h.value(), Boolean.TRUE.equals(h.isValueSecret()))).toList());
    }

    private static ConnectionHttpParameters shown(ConnectionRecord.HttpParams p) {
        if (p == null || (p.headers().isEmpty() && p.query().isEmpty() && p.body().isEmpty())) {
            return null;
        }
        return new ConnectionHttpParameters(
                p.headers().stream().map(x -> new ConnectionHeaderParameter(x.key(), x.secret() ? null : x.value(), x.secret())).toList(),
                p.query().stream().map(x -> new ConnectionQueryStringParameter(x.key(), x.secret() ? null : x.value(), x.secret())).toList(),
                p.body().stream().map(x -> new ConnectionBodyParameter(x.key(), x.secret() ? null : x.value(), x.secret())).toList());
    }

}
