package io.llmgw.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.llmgw.api.v1alpha1.SecretKeyRef;
import io.llmgw.api.v1alpha1.ValueSource;

/**
 * The LiteLLM container environment, built while the config is rendered. Every secret reaches LiteLLM as an
 * environment variable from a Secret key and the config only says {@code os.environ/NAME}, so no secret value
 * is ever written into the ConfigMap. Each Secret key gets one variable, however often it is referenced.
 */
public final class EnvPlan {
    public static final String ENV_PREFIX = "os.environ/";
    private static final String GENERATED = "LLMGW_";

    private final Map<String, EnvVar> vars = new LinkedHashMap<>();
    private final Map<String, String> nameByRef = new LinkedHashMap<>();
    private final Map<String, SecretKeyRef> secretRefs = new LinkedHashMap<>();
    /** Variables the operator sets by fixed name (keys, database, cache, SSO...): never for the config to name. */
    private final Set<String> fixed = new LinkedHashSet<>();

    /** A plain setting with a fixed variable name that LiteLLM reads itself (e.g. LITELLM_MODE). */
    public void plain(String name, String value) {
        fixed.add(name);
        vars.put(name, new EnvVarBuilder().withName(name).withValue(value).build());
    }

    /** A secret with a fixed variable name that LiteLLM reads itself (e.g. LITELLM_MASTER_KEY). */
    public void secret(String name, SecretKeyRef ref) {
        fixed.add(name);
        vars.put(name, fromSecret(name, ref));
        nameByRef.putIfAbsent(key(ref), name);
        secretRefs.put(key(ref), ref);
    }

    /** A secret referenced from config.yaml; returns {@code os.environ/NAME} with a name derived from the ref. */
    public String reference(SecretKeyRef ref) {
        String name = nameByRef.get(key(ref));
        if (name == null) {
            name = uniqueName(GENERATED + envSafe(ref.name) + "__" + envSafe(ref.key));
            nameByRef.put(key(ref), name);
            vars.put(name, fromSecret(name, ref));
            secretRefs.put(key(ref), ref);
        }
        return ENV_PREFIX + name;
    }

    /** A config value: plain as written, or an {@code os.environ/} reference to its Secret key. */
    public Object value(ValueSource source) {
        if (source == null) {
            return null;
        }
        return source.secretKeyRef != null ? reference(source.secretKeyRef) : source.value;
    }

    /**
     * The key of Secret {@code secretName} that a variable {@link #reference} generated stands for, or null when the
     * variable is not one of that Secret's. Exact for keys that are already upper-case variable names (the only kind
     * import creates from {@code os.environ/NAME}); other keys were upper-cased and cannot be recovered.
     */
    public static String generatedKey(String variable, String secretName) {
        String prefix = GENERATED + envSafe(secretName) + "__";
        return variable.startsWith(prefix) && variable.length() > prefix.length() ? variable.substring(prefix.length()) : null;
    }

    public boolean defines(String name) {
        return vars.containsKey(name);
    }

    /** True for a variable the operator sets by fixed name, false for one generated for a config reference. */
    public boolean operatorDefined(String name) {
        return fixed.contains(name);
    }

    /** The variable generated for a Secret key referenced from the config, if any. */
    public Map<String, SecretKeyRef> generatedSecretVariables() {
        Map<String, SecretKeyRef> out = new LinkedHashMap<>();
        nameByRef.forEach((ref, name) -> {
            if (!fixed.contains(name)) {
                out.put(name, secretRefs.get(ref));
            }
        });
        return out;
    }

    public List<EnvVar> vars() {
        return new ArrayList<>(vars.values());
    }

    /** Every Secret key the pods read, in a stable order (for the rollout hash and validation). */
    public Collection<SecretKeyRef> secretRefs() {
        return secretRefs.values();
    }

    private String uniqueName(String base) {
        String name = base;
        for (int i = 2; vars.containsKey(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    private static EnvVar fromSecret(String name, SecretKeyRef ref) {
        return new EnvVarBuilder().withName(name)
                .withNewValueFrom().withNewSecretKeyRef(ref.key, ref.name, false).endValueFrom()
                .build();
    }

    private static String key(SecretKeyRef ref) {
        return ref.name + "/" + ref.key;
    }

    static String envSafe(String s) {
        return s.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
