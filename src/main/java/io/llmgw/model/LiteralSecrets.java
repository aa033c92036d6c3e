package io.llmgw.model;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.llmgw.api.v1alpha1.ConditionReason;
import io.llmgw.api.v1alpha1.CredentialSpec;
import io.llmgw.api.v1alpha1.FreeForm;
import io.llmgw.api.v1alpha1.ModelSpec;

/**
 * Secrets never go into the ConfigMap: the free-form sections the user writes (litellmParams, extra settings,
 * guardrails, MCP servers, prompts) and the rendered config are searched for literal secret values.
 */
final class LiteralSecrets extends SpecSection {
    /**
     * Keys whose literal values would be secrets in the ConfigMap, matched anywhere in the key (api_key_2,
     * x-api-key, vertex_credentials, private_key, client_secret...). Counts of tokens (max_tokens) and names or
     * types of things (litellm_credential_name, auth_type) are not secrets.
     */
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(api_?key|master_?key|salt_?key|secret|password|passwd|pwd|access_?key|private_?key|credential|token|authorization|bearer|cookie|signature).*");
    private static final Pattern NOT_SECRET_KEY = Pattern.compile("(?i).*(tokens|_name|_names|_type|_id|_ids|_field|_header|_count)$");
    /** scheme://user:password@ in any string value: a URL that carries a password. */
    private static final Pattern URL_WITH_PASSWORD = Pattern.compile("(?i)[a-z][a-z0-9+.-]*://[^/@\\s?#]*:[^/@\\s?#]*@");

    LiteralSecrets(Context context) {
        super(context);
    }

    /** A literal value under a secret-looking key in a free-form section is refused. */
    void checkFreeForm() {
        for (ModelSpec m : spec.models) {
            scan(ModelsSection.modelPath(spec, m) + ".litellmParams", m.litellmParams);
            scan(ModelsSection.modelPath(spec, m) + ".modelInfo", m.modelInfo);
        }
        if (spec.credentials != null) {
            for (CredentialSpec c : spec.credentials) {
                scan("spec.credentials[" + c.name + "].info", c.info);
            }
        }
        if (spec.litellmSettings != null) {
            scan("spec.litellmSettings.extra", spec.litellmSettings.extra);
        }
        if (spec.routerSettings != null) {
            scan("spec.routerSettings.extra", spec.routerSettings.extra);
        }
        if (spec.generalSettings != null) {
            scan("spec.generalSettings.extra", spec.generalSettings.extra);
        }
        if (spec.guardrails != null) {
            for (int i = 0; i < spec.guardrails.size(); i++) {
                scan("spec.guardrails[" + i + "]", spec.guardrails.get(i));
            }
        }
        scan("spec.mcpServers", spec.mcpServers);
        if (spec.prompts != null) {
            for (int i = 0; i < spec.prompts.size(); i++) {
                scan("spec.prompts[" + i + "]", spec.prompts.get(i));
            }
        }
    }

    private void scan(String path, FreeForm section) {
        if (section != null) {
            scanValue(path, section.values());
        }
    }

    private void scanValue(String path, Object value) {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                String child = path + "." + key;
                if (e.getValue() instanceof String s && secretKey(key) && !s.isBlank() && !s.startsWith(EnvPlan.ENV_PREFIX)) {
                    problems.add(Problem.of(ConditionReason.PLAIN_SECRET_IN_CONFIG,
                            "%s holds a literal value; secrets never go into the ConfigMap: use os.environ/NAME and set NAME from a Secret in spec.env",
                            child));
                }
                scanValue(child, e.getValue());
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                scanValue(path + "[" + i + "]", list.get(i));
            }
        }
    }

    static boolean secretKey(String key) {
        String normalized = key.replace('-', '_');
        return SECRET_KEY.matcher(normalized).matches() && !NOT_SECRET_KEY.matcher(normalized).matches();
    }

    /** A password inside a URL (postgres://u:pw@h/db) is a literal secret wherever it stands. */
    void checkUrlPasswords(String path, Object value) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> checkUrlPasswords(path + "." + k, v));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                checkUrlPasswords(path + "[" + i + "]", list.get(i));
            }
        } else if (value instanceof String s && URL_WITH_PASSWORD.matcher(s).find()) {
            problems.add(Problem.of(ConditionReason.PLAIN_SECRET_IN_CONFIG,
                    "%s is a URL with a password; secrets never go into the ConfigMap: use os.environ/NAME and set NAME from a Secret in spec.env",
                    path));
        }
    }
}
