package io.stressfw.service.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A bearer token presented as an API key; its own type so that OIDC's provider never sees it and vice versa. */
public final class ApiKeyAuthenticationRequest extends BaseAuthenticationRequest {
    private final String key;

    public ApiKeyAuthenticationRequest(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
