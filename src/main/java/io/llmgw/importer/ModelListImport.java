package io.llmgw.importer;

import static io.llmgw.importer.YamlValues.map;
import static io.llmgw.importer.YamlValues.orEmpty;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.llmgw.api.v1alpha1.CredentialSpec;
import io.llmgw.api.v1alpha1.FreeForm;
import io.llmgw.api.v1alpha1.LiteLLMGatewaySpec;
import io.llmgw.api.v1alpha1.ModelSpec;
import io.llmgw.importer.Importer.Kind;
import io.llmgw.model.ConfigRenderer;
import io.llmgw.model.options.ModelOptions;

/**
 * credential_list and model_list into spec.credentials and spec.models: typed fields through {@link ModelOptions},
 * keys from Secrets, ids for groups of deployments, and credential values the spec has no field for.
 */
final class ModelListImport extends SectionImport {
    private static final Pattern MODEL_NAME = Pattern.compile(ModelSpec.NAME_PATTERN);
    private static final Pattern PROVIDER_MODEL = Pattern.compile(ModelSpec.MODEL_PATTERN);
    private static final Pattern MODEL_ID = Pattern.compile(ModelSpec.ID_PATTERN);
    private static final Pattern CREDENTIAL_NAME = Pattern.compile(CredentialSpec.NAME_PATTERN);

    private final Map<String, Map<String, Object>> credentialLeftovers = new LinkedHashMap<>();
    private final Set<String> credentialNames = new LinkedHashSet<>();
    private final Set<String> modelNames = new LinkedHashSet<>();

    ModelListImport(ImportSession session) {
        super(session);
    }

    /** Every model_name of model_list (router fallbacks may name only these). */
    Set<String> modelNames() {
        return modelNames;
    }

    void credentials(Object section) {
        List<?> list = session.list("credential_list", section);
        if (list == null) {
            return;
        }
        List<CredentialSpec> out = new ArrayList<>();
        for (Object item : list) {
            Map<String, Object> entry = map(item);
            if (entry == null || entry.get("credential_name") == null) {
                session.report(Kind.LOST, "credential_list", "an entry without credential_name: not carried");
                continue;
            }
            String name = String.valueOf(entry.remove("credential_name"));
            String where = "credential_list[" + name + "]";
            if (!CREDENTIAL_NAME.matcher(name).matches()) {
                session.report(Kind.INVALID, where, "the credential name must match " + CREDENTIAL_NAME.pattern());
            }
            CredentialSpec c = new CredentialSpec();
            c.name = name;
            Map<String, Object> values = orEmpty(map(entry.remove("credential_values")));
            String v = where + ".credential_values";
            c.apiKey = secrets.secretSource(v + ".api_key", values.remove("api_key"), name + "_API_KEY");
            c.apiBase = secrets.source(v + ".api_base", values.remove("api_base"));
            c.apiVersion = secrets.source(v + ".api_version", values.remove("api_version"));
            values.values().removeIf(x -> x == null);
            if (!values.isEmpty()) {
                credentialLeftovers.put(name, secrets.scrub(v, values, name));
            }
            Map<String, Object> info = map(entry.remove("credential_info"));
            if (info != null && !info.isEmpty()) {
                c.info = FreeForm.of(secrets.scrub(where + ".credential_info", info, name));
            }
            for (String key : entry.keySet()) {
                session.report(Kind.LOST, where + "." + key, "not part of a credential: not carried");
            }
            if (credentialNames.add(name)) {
                out.add(c);
            } else {
                session.report(Kind.INVALID, where, "credential name used twice; the first entry is kept");
            }
        }
        if (out.size() > LiteLLMGatewaySpec.CREDENTIALS_MAX) {
            session.report(Kind.INVALID, "credential_list", out.size() + " credentials; the spec allows " + LiteLLMGatewaySpec.CREDENTIALS_MAX);
        }
        if (!out.isEmpty()) {
            spec.credentials = out;
            session.report(Kind.MAPPED, "credential_list", out.size() + " credentials -> spec.credentials");
        }
    }

    // ---- model_list

    void models(Object section) {
        List<?> list = session.list("model_list", section);
        // Names used by several entries (groups LiteLLM load-balances): their report lines say which entry.
        Map<String, Integer> uses = new LinkedHashMap<>();
        for (Object item : list != null ? list : List.of()) {
            Map<String, Object> entry = map(item);
            if (entry != null && entry.get("model_name") != null) {
                uses.merge(String.valueOf(entry.get("model_name")), 1, Integer::sum);
            }
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<ModelSpec> groupedWithoutId = new ArrayList<>();
        List<String> withoutId = new ArrayList<>();
        List<String> withoutKey = new ArrayList<>();
        Map<String, List<String>> leftoverUsers = new LinkedHashMap<>();
        for (Object item : list != null ? list : List.of()) {
            Map<String, Object> entry = map(item);
            Map<String, Object> params = entry != null ? orEmpty(map(entry.remove("litellm_params"))) : Map.of();
            if (entry == null || entry.get("model_name") == null || params.get("model") == null) {
                session.report(Kind.UNMAPPED, "model_list", "an entry without model_name or litellm_params.model (LiteLLM skips it): not carried");
                continue;
            }
            ModelSpec m = new ModelSpec();
            m.name = String.valueOf(entry.remove("model_name"));
            boolean grouped = uses.getOrDefault(m.name, 1) > 1;
            int position = seen.merge(m.name, 1, Integer::sum);
            String where = "model_list[" + m.name + (grouped ? "#" + position : "") + "]";
            String p = where + ".litellm_params";
            modelNames.add(m.name);
            if (!MODEL_NAME.matcher(m.name).matches() || m.name.length() > ModelSpec.NAME_MAX) {
                session.report(Kind.INVALID, where, "model_name must be 1-" + ModelSpec.NAME_MAX + " characters without spaces");
            }
            m.model = String.valueOf(params.remove("model"));
            if (!PROVIDER_MODEL.matcher(m.model).matches() || m.model.length() > ModelSpec.MODEL_MAX) {
                session.report(Kind.INVALID, p + ".model", "must be provider/name (e.g. openai/" + m.model + "); the spec does not infer providers");
            }
            Object credential = params.get("litellm_credential_name");
            if (credential instanceof String c && credentialNames.contains(c)) {
                m.credential = c;
                params.remove("litellm_credential_name");
            } else if (credential != null) {
                session.report(Kind.MAPPED, p + ".litellm_credential_name", "names no entry of credential_list (one stored in the database?):"
                        + " kept in litellmParams, not checked by the operator");
            }
            m.apiKey = secrets.secretSource(p + ".api_key", params.remove("api_key"), m.name + "_API_KEY");
            m.apiBase = secrets.source(p + ".api_base", params.remove("api_base"));
            m.apiVersion = secrets.source(p + ".api_version", params.remove("api_version"));
            session.typed(ModelOptions.LITELLM_PARAMS, params, m, p, "litellmParams");
            Map<String, Object> rest = secrets.scrub(p, params, m.name);
            if (m.credential != null && credentialLeftovers.containsKey(m.credential)) {
                credentialLeftovers.get(m.credential).forEach(rest::putIfAbsent);
                leftoverUsers.computeIfAbsent(m.credential, k -> new ArrayList<>()).add(m.name);
            }
            if (!rest.isEmpty()) {
                m.litellmParams = FreeForm.of(rest);
            }
            if (m.apiKey == null && m.credential == null && rest.keySet().stream().noneMatch(k -> SecretMapping.looksSecret(k)
                    || k.endsWith("credentials") || k.equals("litellm_credential_name"))) {
                withoutKey.add(m.name);
            }

            Map<String, Object> info = orEmpty(map(entry.remove("model_info")));
            String i = where + ".model_info";
            Object id = info.remove("id");
            if (id == null && grouped) {
                groupedWithoutId.add(m);
            } else if (id == null) {
                withoutId.add(m.name);
            } else if (!grouped && String.valueOf(id).equals(ConfigRenderer.defaultModelId(m.name))) {
                // The id the operator derives when none is set: leaving it unset renders the same, import after import.
                m.id = null;
            } else if ((id instanceof String || id instanceof Number) && MODEL_ID.matcher(String.valueOf(id)).matches()
                    && String.valueOf(id).length() <= ModelSpec.ID_MAX) {
                m.id = String.valueOf(id);
            } else {
                session.report(Kind.LOST, i + ".id", "does not fit the spec's id (" + MODEL_ID.pattern() + ", at most " + ModelSpec.ID_MAX
                        + " characters): the operator derives one from"
                        + " the name; keys and spend logs that refer to the old id lose it");
            }
            session.typed(ModelOptions.MODEL_INFO, info, m, i, "modelInfo");
            Map<String, Object> restInfo = secrets.scrub(i, info, m.name);
            if (!restInfo.isEmpty()) {
                m.modelInfo = FreeForm.of(restInfo);
            }
            for (String key : entry.keySet()) {
                session.report(Kind.LOST, where + "." + key, "not part of a model_list entry: not carried");
            }
            spec.models.add(m);
        }
        if (spec.models.isEmpty()) {
            session.report(Kind.INVALID, "model_list", "no models: the spec needs at least one");
            return;
        }
        if (spec.models.size() > LiteLLMGatewaySpec.MODELS_MAX) {
            session.report(Kind.INVALID, "model_list", spec.models.size() + " models; the spec allows " + LiteLLMGatewaySpec.MODELS_MAX);
        }
        session.report(Kind.MAPPED, "model_list", spec.models.size() + " models -> spec.models");
        generateGroupIds(groupedWithoutId);
        for (String credential : credentialLeftovers.keySet()) {
            String keys = String.join(", ", credentialLeftovers.get(credential).keySet());
            List<String> users = leftoverUsers.get(credential);
            if (users != null) {
                session.report(Kind.MAPPED, "credential_list[" + credential + "].credential_values", keys
                        + ": spec.credentials has no field for them; copied into the litellmParams of the models using the credential ("
                        + String.join(", ", users) + ")");
            } else {
                session.report(Kind.LOST, "credential_list[" + credential + "].credential_values", keys
                        + ": spec.credentials has no field for them and no model here uses the credential: not carried");
            }
        }
        if (!withoutId.isEmpty()) {
            session.report(Kind.MAPPED, "model_info.id", "not set for " + String.join(", ", withoutId) + ": LiteLLM derived those ids from"
                    + " the parameters, the operator derives new stable ones from the name; set spec.models[].id if keys or spend"
                    + " logs refer to the old ids");
        }
        if (!withoutKey.isEmpty()) {
            session.report(Kind.MAPPED, "litellm_params.api_key", "none for " + String.join(", ", withoutKey) + " (no credential either):"
                    + " LiteLLM then reads the provider's own variables (e.g. OPENAI_API_KEY), which the operator does not set: add"
                    + " them to spec.env or set apiKey if these models need a key");
        }
    }

    /**
     * Deployments of a group need distinct ids, and the ones LiteLLM derived (a hash of the parameters, secrets
     * included) cannot be recomputed here: give each a readable one from its name and place in the group, stable
     * across imports of the same file, and say so.
     */
    private void generateGroupIds(List<ModelSpec> withoutId) {
        if (withoutId.isEmpty()) {
            return;
        }
        Set<String> taken = new LinkedHashSet<>();
        for (ModelSpec m : spec.models) {
            if (m.id != null) {
                taken.add(m.id);
            }
        }
        Map<String, Integer> positions = new LinkedHashMap<>();
        Map<ModelSpec, Integer> position = new IdentityHashMap<>();
        for (ModelSpec m : spec.models) {
            position.put(m, positions.merge(m.name, 1, Integer::sum));
        }
        List<String> generated = new ArrayList<>();
        for (ModelSpec m : withoutId) {
            String base = m.name.replaceAll("[^-_.A-Za-z0-9]", "-").replaceAll("^[^A-Za-z0-9]+", "");
            base = base.isEmpty() ? "model" : base.substring(0, Math.min(base.length(), 56));
            String id = base + "-" + position.get(m);
            for (int i = 2; taken.contains(id); i++) {
                id = base + "-" + position.get(m) + "-" + i;
            }
            taken.add(id);
            m.id = id;
            generated.add(m.name + "#" + position.get(m) + " -> " + id);
        }
        session.report(Kind.MAPPED, "model_info.id", "not set for deployments of groups (several entries sharing a model_name): generated "
                + String.join(", ", generated) + "; LiteLLM derived the old ids from the parameters, so cooldowns, spend logs and keys"
                + " that refer to them lose them; set spec.models[].id to keep old ones");
    }
}
