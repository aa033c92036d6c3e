package io.llmgw.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Single sign-on for the admin UI (generic OIDC, e.g. a Keycloak realm) and JWT auth for API calls. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SsoSpec {
    @Required
    @Pattern("^https?://.+[^/]$")
    @JsonPropertyDescription("OIDC issuer URL, e.g. https://keycloak.example.com/realms/acme (no trailing slash).")
    public String issuerUrl;

    @Required
    public String clientId;

    @Required
    public SecretKeyRef clientSecretRef;

    @JsonPropertyDescription("OIDC scopes (default \"openid email profile\").")
    public String scope;

    @Pattern("^https?://.+[^/]$")
    @JsonPropertyDescription("External URL of the gateway for OIDC redirects (default: https://<first route hostname>).")
    public String proxyBaseUrl;

    @Pattern("^(admin_only|all)$")
    @JsonPropertyDescription("Who may use the admin UI: admin_only or all (general_settings.ui_access_mode).")
    public String uiAccessMode;

    @JsonPropertyDescription("Accept JWTs from the same issuer as API credentials.")
    public Jwt jwt;

    /** Claim mappings for LiteLLM's JWT auth (litellm_jwtauth). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Jwt {
        public boolean enabled;
        @JsonPropertyDescription("Claim holding the user id, e.g. sub or email.")
        public String userIdClaim;
        public String userEmailClaim;
        @JsonPropertyDescription("Claim holding team ids, e.g. groups.")
        public String teamIdsClaim;
        public String orgIdClaim;
        @JsonPropertyDescription("Claim holding roles, e.g. resource_access.litellm.roles.")
        public String rolesClaim;
    }
}
