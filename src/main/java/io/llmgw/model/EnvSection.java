package io.llmgw.model;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.llmgw.api.v1alpha1.ConditionReason;
import io.llmgw.api.v1alpha1.SecretKeyRef;

/**
 * spec.env and spec.envFrom, and the os.environ/ references of the rendered config: each reference is set, and
 * neither the config nor the user's variables reach a secret the operator keeps for the gateway itself.
 */
final class EnvSection extends SpecSection {
    /** $(NAME) in an env value: Kubernetes expands it from the variables defined before, including the operator's. */
    private static final Pattern DEPENDENT_VAR = Pattern.compile("\\$\\(([^)]*)\\)");

    EnvSection(Context context) {
        super(context);
    }

    /**
     * LiteLLM turns an unset os.environ/ variable into null silently: every reference must be wired. And the
     * config may only name the gateway's own variables (spec.env, the ones generated for its Secret refs): one
     * naming the master key, salt key, database URL or any other variable the operator injects would let someone
     * who may edit the gateway, but not read its Secrets, send that value to a host of their choice.
     */
    void checkReferences(Map<String, Object> config, EnvPlan env) {
        Set<String> userEnv = new HashSet<>();
        if (spec.env != null) {
            spec.env.forEach(v -> userEnv.add(v.getName()));
        }
        boolean envFrom = spec.envFrom != null && !spec.envFrom.isEmpty();
        Set<String> missing = new LinkedHashSet<>();
        Set<String> forbidden = new LinkedHashSet<>();
        collectReferences("", config, false, missing, forbidden, env, userEnv);
        if (!forbidden.isEmpty()) {
            problems.add(Problem.of(ConditionReason.FORBIDDEN_ENV_REFERENCE,
                    "%s names a variable the operator sets for itself; the config may only reference variables of spec.env or Secret refs of the spec",
                    String.join(", ", forbidden)));
        }
        if (!missing.isEmpty() && !envFrom) {
            problems.add(Problem.of(ConditionReason.UNSET_ENV_REFERENCE,
                    "config references %s but no environment variable of that name is set; add it to spec.env from a Secret",
                    String.join(", ", missing)));
        } else if (!missing.isEmpty()) {
            warnings.add("config references " + String.join(", ", missing) + ", expected from spec.envFrom");
        }
    }

    private void collectReferences(String path, Object value, boolean inList, Set<String> missing, Set<String> forbidden, EnvPlan env,
            Set<String> userEnv) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collectReferences(path.isEmpty() ? String.valueOf(k) : path + "." + k, v, false, missing, forbidden, env,
                    userEnv));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collectReferences(path + "[" + i + "]", list.get(i), true, missing, forbidden, env, userEnv);
            }
        } else if (value instanceof String s && s.strip().contains(EnvPlan.ENV_PREFIX)) {
            // LiteLLM strips every os.environ/ from the value before the lookup: judge the name it will read.
            String name = s.replace(EnvPlan.ENV_PREFIX, "").strip();
            if (s.equals(EnvPlan.ENV_PREFIX + operatorReferences().get(path))) {
                return;
            }
            if (env.operatorDefined(name) || operatorSecret(env.generatedSecretVariables().get(name))) {
                forbidden.add(path + " (" + ImageReference.quote(name) + ")");
            } else if (!s.startsWith(EnvPlan.ENV_PREFIX)) {
                return;
            } else if (inList) {
                problems.add(Problem.of(ConditionReason.UNRESOLVED_ENV_REFERENCE,
                        "%s stands inside a list, where LiteLLM does not resolve os.environ/ references", s));
            } else if (!env.defines(name) && !userEnv.contains(name)) {
                missing.add(name);
            }
        }
    }

    /** Where the operator itself writes os.environ/ references to its own variables (overwriting the user's). */
    private Map<String, String> operatorReferences() {
        Map<String, String> refs = new java.util.HashMap<>();
        refs.put("general_settings.master_key", ProxyEnvironment.MASTER_KEY);
        if (ProxyEnvironment.databaseUrl(spec, names) != null) {
            refs.put("general_settings.database_url", ProxyEnvironment.DATABASE_URL);
        }
        if (ProxyEnvironment.cachePassword(spec, names) != null) {
            refs.put("litellm_settings.cache_params.password", ProxyEnvironment.REDIS_PASSWORD);
            refs.put("router_settings.redis_password", ProxyEnvironment.REDIS_PASSWORD);
        }
        return refs;
    }

    /** The keys the operator injects by fixed name (null where the spec has none of that kind). */
    private List<SecretKeyRef> operatorKeys() {
        return java.util.Arrays.asList(ProxyEnvironment.masterKey(spec, names), ProxyEnvironment.saltKey(spec, names),
                ProxyEnvironment.databaseUrl(spec, names), ProxyEnvironment.cachePassword(spec, names));
    }

    /** The Secrets the operator creates for the gateway, whole, and the exact keys it injects by fixed name. */
    private boolean operatorSecret(SecretKeyRef ref) {
        if (ref == null) {
            return false;
        }
        if (SecretReferences.managed(names).contains(ref.name)) {
            return true;
        }
        for (SecretKeyRef own : operatorKeys()) {
            if (own != null && own.name != null && own.name.equals(ref.name) && java.util.Objects.equals(own.key, ref.key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * spec.env must not copy an operator secret into a variable of its own: no secretKeyRef to the operator's
     * Secrets or keys, no $(NAME) expansion of an operator variable, no envFrom of an operator Secret.
     */
    void checkOperatorSecretsStayPrivate(EnvPlan env) {
        Set<String> refused = new LinkedHashSet<>();
        if (spec.env != null) {
            for (EnvVar v : spec.env) {
                var from = v.getValueFrom() != null ? v.getValueFrom().getSecretKeyRef() : null;
                if (from != null && operatorSecret(new SecretKeyRef(from.getName(), from.getKey()))) {
                    refused.add("spec.env " + v.getName() + " reads Secret " + from.getName() + " key " + from.getKey());
                }
                if (v.getValue() != null) {
                    var m = DEPENDENT_VAR.matcher(v.getValue());
                    while (m.find()) {
                        if (env.operatorDefined(m.group(1))) {
                            refused.add("spec.env " + v.getName() + " expands $(" + m.group(1) + ")");
                        }
                    }
                }
            }
        }
        if (spec.envFrom != null) {
            for (var source : spec.envFrom) {
                String name = source.getSecretRef() != null ? source.getSecretRef().getName() : null;
                if (name != null && (operatorSecret(new SecretKeyRef(name, null)) || operatorSecretName(name))) {
                    refused.add("spec.envFrom reads Secret " + name);
                }
            }
        }
        if (!refused.isEmpty()) {
            problems.add(Problem.of(ConditionReason.FORBIDDEN_ENV_REFERENCE,
                    "%s, a secret the operator manages for the gateway itself; give the gateway its own Secrets", String.join("; ", refused)));
        }
    }

    private boolean operatorSecretName(String secret) {
        for (SecretKeyRef own : operatorKeys()) {
            if (own != null && secret.equals(own.name)) {
                return true;
            }
        }
        return false;
    }

    void checkUserEnv(EnvPlan env) {
        if (spec.env == null) {
            return;
        }
        for (EnvVar v : spec.env) {
            if (env.defines(v.getName())) {
                problems.add(Problem.of(ConditionReason.ENV_CONFLICT, "spec.env sets %s, which the operator wires itself; remove it or use the typed field",
                        v.getName()));
            }
        }
    }
}
