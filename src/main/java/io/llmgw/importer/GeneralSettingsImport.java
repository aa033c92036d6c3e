package io.llmgw.importer;

import static io.llmgw.model.options.Coercion.integerValue;
import static io.llmgw.model.options.Coercion.strings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.llmgw.api.v1alpha1.DatabaseSpec;
import io.llmgw.api.v1alpha1.FreeForm;
import io.llmgw.api.v1alpha1.GeneralSettings;
import io.llmgw.api.v1alpha1.ObservabilitySpec;
import io.llmgw.api.v1alpha1.SecretKeyRef;
import io.llmgw.api.v1alpha1.ValueSource;
import io.llmgw.importer.Importer.Kind;
import io.llmgw.model.EnvPlan;
import io.llmgw.model.ProxyEnvironment;
import io.llmgw.model.options.GeneralSettingsOptions;

/**
 * general_settings into spec.generalSettings (through {@link GeneralSettingsOptions}), with what the operator wires
 * itself: the master key, the database URL and the salt key (from Secret keys), Slack alerting, SSO.
 */
final class GeneralSettingsImport extends SectionImport {
    private static final List<String> SSO_KEYS = List.of("ui_access_mode", "enable_jwt_auth", "litellm_jwtauth");

    GeneralSettingsImport(ImportSession session) {
        super(session);
    }

    void read(Object section, Map<String, Object> environment) {
        Map<String, Object> s = session.section("general_settings", section);
        String w = "general_settings";
        if (s == null) {
            s = new LinkedHashMap<>();
        }
        Object master = s.remove("master_key");
        String masterWhere = w + ".master_key";
        if (master == null && environment.containsKey(ProxyEnvironment.MASTER_KEY)) {
            // LiteLLM falls back to this variable when general_settings has no master_key.
            masterWhere = "environment_variables." + ProxyEnvironment.MASTER_KEY;
            master = environment.remove(ProxyEnvironment.MASTER_KEY);
        }
        if (master != null) {
            ValueSource ref = secrets.secretSource(masterWhere, master, ProxyEnvironment.MASTER_KEY);
            if (ref != null) {
                spec.masterKeySecretRef = ref.secretKeyRef;
                session.report(Kind.OPERATOR, masterWhere, "dropped: the operator renders it from spec.masterKeySecretRef, set to Secret "
                        + secret + " key " + ref.secretKeyRef.key + " so the current master key stays valid");
            }
        } else {
            session.report(Kind.OPERATOR, w + ".master_key", "not set: the old proxy accepted requests without a key; the operator always sets"
                    + " one (generated into Secret " + session.options.name() + "-keys unless spec.masterKeySecretRef is set)");
        }
        Object url = s.remove("database_url");
        // Without database_url LiteLLM connects to DATABASE_URL from its environment; store_model_in_db shows it did.
        boolean fromEnvironment = url == null && Boolean.TRUE.equals(s.get("store_model_in_db"));
        // A literal URL holds the database password: like any literal secret it becomes a Secret key to fill in by hand.
        ValueSource db = secrets.secretSource(w + ".database_url", fromEnvironment ? EnvPlan.ENV_PREFIX + ProxyEnvironment.DATABASE_URL : url,
                ProxyEnvironment.DATABASE_URL);
        if (db != null) {
            spec.database = new DatabaseSpec();
            spec.database.type = DatabaseSpec.EXTERNAL;
            spec.database.external = new DatabaseSpec.External();
            spec.database.external.urlSecretRef = db.secretKeyRef;
            session.report(Kind.MAPPED, w + ".database_url", (fromEnvironment ? "not set, and store_model_in_db needs a database: LiteLLM"
                    + " read it from DATABASE_URL in its environment " : "") + "-> spec.database External, URL from Secret " + secret
                    + " key " + db.secretKeyRef.key + " (the same database: keys, teams, budgets and spend stay)");
        } else if (url == null) {
            session.report(Kind.UNMAPPED, w + ".database_url", "not set: if the old proxy had DATABASE_URL in its environment, LiteLLM used"
                    + " that database; to keep it set spec.database: {type: External, external: {urlSecretRef: {name: " + secret
                    + ", key: DATABASE_URL}}}");
        }
        saltKey(db != null || Boolean.TRUE.equals(s.get("store_model_in_db")), environment);
        GeneralSettings g = new GeneralSettings();
        session.typed(GeneralSettingsOptions.ALL, s, g, w, "extra");
        alerting(s);
        if (SSO_KEYS.stream().anyMatch(s::containsKey)) {
            session.report(Kind.MAPPED, w + "." + String.join("/", SSO_KEYS.stream().filter(s::containsKey).toList()), "kept in"
                    + " generalSettings.extra; the SSO and JWT endpoints (GENERIC_*, JWT_PUBLIC_KEY_URL) were in the proxy environment:"
                    + " set spec.sso so the operator wires them");
        }
        Map<String, Object> rest = secrets.scrub(w, s, "GENERAL_SETTINGS");
        if (!rest.isEmpty()) {
            g.extra = FreeForm.of(rest);
        }
        if (section != null) {
            spec.generalSettings = g;
        }
    }

    /**
     * LiteLLM encrypts what it stores in the database (model credentials, MCP secrets) with LITELLM_SALT_KEY, or with
     * the master key when it has none; a new salt key would make all of it unreadable. The salt key is never in
     * config.yaml (except in environment_variables), so it is carried as Secret key LITELLM_SALT_KEY, which the Secret
     * created from the old environment holds. A pod without that key does not start: nothing is lost unnoticed.
     */
    private void saltKey(boolean database, Map<String, Object> environment) {
        Object given = environment.remove(ProxyEnvironment.SALT_KEY);
        if (given == null && !database) {
            return;
        }
        String where = given != null ? "environment_variables." + ProxyEnvironment.SALT_KEY : ProxyEnvironment.SALT_KEY;
        ValueSource ref = given != null ? secrets.secretSource(where, given, ProxyEnvironment.SALT_KEY)
                : ValueSource.secret(secret, secrets.envName(where, EnvPlan.ENV_PREFIX + ProxyEnvironment.SALT_KEY));
        if (ref == null) {
            return;
        }
        spec.saltKeySecretRef = ref.secretKeyRef;
        session.report(Kind.SECRET, where, "-> spec.saltKeySecretRef, Secret " + secret + " key " + ref.secretKeyRef.key + ": it must hold"
                + " the old proxy's LITELLM_SALT_KEY (its master key if it had none), or what the database stores encrypted"
                + " cannot be read");
    }

    private void alerting(Map<String, Object> s) {
        Object alerting = s.get("alerting");
        if (alerting == null) {
            return;
        }
        String w = "general_settings.alerting";
        Object threshold = s.get("alerting_threshold");
        Object types = s.get("alert_types");
        if (List.of("slack").equals(strings(alerting)) && (threshold == null || integerValue(threshold, 1) != null)
                && (types == null || strings(types) != null)) {
            ObservabilitySpec.Alerting a = new ObservabilitySpec.Alerting();
            a.webhookUrlSecretRef = new SecretKeyRef(secret, "SLACK_WEBHOOK_URL");
            a.threshold = threshold != null ? integerValue(threshold, 1) : null;
            a.alertTypes = types != null ? strings(types) : null;
            s.remove("alerting");
            s.remove("alerting_threshold");
            s.remove("alert_types");
            secrets.addKey("SLACK_WEBHOOK_URL");
            session.observability().alerting = a;
            session.report(Kind.MAPPED, w, "slack -> spec.observability.alerting, webhook from Secret " + secret
                    + " key SLACK_WEBHOOK_URL (the variable LiteLLM read it from)");
        } else {
            session.report(Kind.UNMAPPED, w, "kept in generalSettings.extra: the operator wires Slack only; the variables these alerts read"
                    + " (webhook URLs, SMTP...) are not carried: add them to spec.env");
        }
    }
}
