package io.llmgw.importer;

import static io.llmgw.importer.YamlValues.map;

import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.SecretKeyRef;
import io.llmgw.api.v1alpha1.ValueSource;
import io.llmgw.importer.Importer.Kind;
import io.llmgw.model.EnvPlan;
import io.llmgw.model.Names;
import io.llmgw.model.ProxyEnvironment;

/**
 * Secrets of one import, and the bookkeeping behind them: each {@code os.environ/NAME} in a secret position becomes a
 * secretKeyRef to ONE Secret with key NAME, so that Secret can be created from the old environment; references inside
 * free-form sections stay as written and NAME is added to spec.env from the same Secret. Literal secret values are
 * never copied: they become references to derived keys the user fills in by hand. Reports name keys, never values.
 */
final class SecretMapping {
    static final String PREFIX = EnvPlan.ENV_PREFIX;
    /** The operator's own rule (LiteralSecrets.SECRET_KEY): literal values under these keys are refused. */
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(api_?key|secret|password|passwd|access_?key|_token|^token|authorization|bearer)$");
    private static final Pattern SECRET_KEY_NAME = Pattern.compile(SecretKeyRef.KEY_PATTERN);

    private final ImportSession session;
    private final String secret;
    private final Set<String> secretKeys = new LinkedHashSet<>();
    /** Every os.environ/ name in the input: derived keys for literal values never collide with one. */
    private final Set<String> reserved = new LinkedHashSet<>();
    /** Literal secret value to its derived key (the value is never printed). */
    private final Map<String, String> literalKeys = new LinkedHashMap<>();
    private final Set<String> freeFormEnv = new LinkedHashSet<>();
    /** Variables the operator generated for this Secret's keys, and those keys. */
    private final Set<String> readBack = new LinkedHashSet<>();
    private final Set<String> readBackKeys = new LinkedHashSet<>();

    SecretMapping(ImportSession session) {
        this.session = session;
        this.secret = session.secret;
    }

    /** A key name that holds a secret: a literal value under it is not copied. */
    static boolean looksSecret(String key) {
        return SECRET_KEY.matcher(key).matches();
    }

    /** A key the Secret must hold that no os.environ/ reference names (e.g. SLACK_WEBHOOK_URL). */
    void addKey(String key) {
        secretKeys.add(key);
    }

    List<String> secretKeys() {
        return List.copyOf(secretKeys);
    }

    /** The closing report lines: names read back, and the keys the Secret needs. */
    void reportKeys() {
        if (!readBack.isEmpty()) {
            session.report(Kind.MAPPED, "os.environ", String.join(", ", readBack) + ": names the operator generated for Secret " + secret
                    + ", read back as its keys " + String.join(", ", readBackKeys));
        }
        if (!secretKeys.isEmpty()) {
            String namespace = session.options.namespace();
            session.report(Kind.SECRET, "Secret " + secret, "needs the keys " + String.join(", ", secretKeys) + ": create it from the old"
                    + " environment with kubectl" + (namespace != null ? " -n " + namespace : "")
                    + " create secret generic " + secret + " --from-env-file=FILE (FILE holds NAME=value lines)"
                    + (literalKeys.isEmpty() ? "" : "; add " + String.join(", ", new LinkedHashSet<>(literalKeys.values()))
                            + " (literal values above) by hand"));
        }
    }

    /** Names referenced as os.environ/ anywhere in the input. */
    boolean referenced(String name) {
        return reserved.contains(name);
    }

    /** A secret-only setting (api_key, password): os.environ/NAME -> key NAME; a literal -> a derived key, never copied. */
    ValueSource secretSource(String where, Object value, String hint) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s && s.startsWith(PREFIX)) {
            String name = envName(where, s);
            return name != null ? ValueSource.secret(secret, name) : null;
        }
        return ValueSource.secret(secret, literal(where, String.valueOf(value), hint));
    }

    /** A setting that may be plain (api_base, api_version): os.environ/NAME -> key NAME; otherwise kept as the value. */
    ValueSource source(String where, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s && s.startsWith(PREFIX)) {
            String name = envName(where, s);
            return name != null ? ValueSource.secret(secret, name) : null;
        }
        if (value instanceof Date d) {
            SimpleDateFormat f = new SimpleDateFormat("yyyy-MM-dd", Locale.ROOT);
            f.setTimeZone(TimeZone.getTimeZone("UTC"));
            return ValueSource.plain(f.format(d));
        }
        return ValueSource.plain(String.valueOf(value));
    }

    String envName(String where, String reference) {
        String name = variable(reference.substring(PREFIX.length()));
        if (!SECRET_KEY_NAME.matcher(name).matches()) {
            session.report(Kind.INVALID, where, "os.environ/" + name + " is not a usable Secret key name: not carried");
            return null;
        }
        secretKeys.add(name);
        return name;
    }

    private String literal(String where, String value, String hint) {
        String key = literalKeys.get(value);
        if (key == null) {
            String base = envSafe(hint);
            key = base;
            for (int i = 2; reserved.contains(key) || literalKeys.containsValue(key); i++) {
                key = base + "_" + i;
            }
            literalKeys.put(value, key);
        }
        secretKeys.add(key);
        session.report(Kind.SECRET, where, "literal value not copied: move this value into Secret " + secret + " key " + key);
        return key;
    }

    /**
     * A deep copy of a free-form section in which os.environ/NAME stays (NAME goes to spec.env) and a literal value under
     * a secret-looking key becomes os.environ/KEY with KEY a derived key of the Secret.
     */
    Map<String, Object> scrub(String where, Map<String, Object> section, String hint) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : section.entrySet()) {
            String key = e.getKey();
            String path = where + "." + key;
            Object v = e.getValue();
            if (v instanceof String s && s.startsWith(PREFIX)) {
                String name = envName(path, s);
                if (name != null) {
                    freeFormEnv.add(name);
                }
                out.put(key, name != null ? PREFIX + name : s);
            } else if (v instanceof String s && !s.isEmpty() && looksSecret(key)) {
                String derived = literal(path, s, hint + "_" + key);
                freeFormEnv.add(derived);
                out.put(key, PREFIX + derived);
            } else {
                out.put(key, scrubValue(path, v, hint));
            }
        }
        return out;
    }

    private Object scrubValue(String where, Object value, String hint) {
        if (value instanceof Map<?, ?>) {
            return scrub(where, map(value), hint);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Object item = list.get(i);
                if (item instanceof String s && s.startsWith(PREFIX)) {
                    session.report(Kind.UNMAPPED, where + "[" + i + "]", s + " stands in a list, where LiteLLM does not resolve os.environ/"
                            + " (it was a literal string before too)");
                }
                out.add(scrubValue(where + "[" + i + "]", item, hint));
            }
            return out;
        }
        return value;
    }

    /** Free-form references need their variable: NAME from the Secret's key NAME, unless the operator sets NAME itself. */
    void addFreeFormEnv(LiteLLMGateway gateway) {
        if (freeFormEnv.isEmpty()) {
            return;
        }
        EnvPlan operatorEnv = new EnvPlan();
        ProxyEnvironment.wire(session.spec, Names.of(gateway), null, operatorEnv);
        List<EnvVar> env = new ArrayList<>();
        for (String name : freeFormEnv) {
            if (operatorEnv.defines(name)) {
                session.report(Kind.OPERATOR, PREFIX + name, "the operator sets " + name + " itself: not added to spec.env");
                continue;
            }
            env.add(new EnvVarBuilder().withName(name)
                    .withNewValueFrom().withNewSecretKeyRef(name, secret, null).endValueFrom()
                    .build());
        }
        if (!env.isEmpty()) {
            session.spec.env = env;
            session.report(Kind.MAPPED, "spec.env", env.size() + " variables referenced from free-form sections ("
                    + String.join(", ", env.stream().map(EnvVar::getName).toList()) + "), from Secret " + secret + " keys of the same name");
        }
    }

    void collectEnvNames(Object value) {
        if (value instanceof Map<?, ?> m) {
            m.values().forEach(this::collectEnvNames);
        } else if (value instanceof List<?> l) {
            l.forEach(this::collectEnvNames);
        } else if (value instanceof String s && s.startsWith(PREFIX)) {
            reserved.add(variable(s.substring(PREFIX.length())));
        }
    }

    /**
     * The variable name the user knows: a name the operator generated for key K of this import's Secret
     * (LLMGW_SECRET__K, from a config the operator rendered) is K again, so importing a rendered config does not
     * wrap names once more on every round trip.
     */
    private String variable(String name) {
        String key = EnvPlan.generatedKey(name, secret);
        if (key == null) {
            return name;
        }
        if (readBack.add(name)) {
            readBackKeys.add(key);
        }
        return key;
    }

    private static String envSafe(String s) {
        String safe = s.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_").replaceAll("^_+|_+$", "");
        return safe.isEmpty() || Character.isDigit(safe.charAt(0)) ? "_" + safe : safe;
    }
}
