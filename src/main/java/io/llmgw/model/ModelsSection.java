package io.llmgw.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmgw.api.v1alpha1.ConditionReason;
import io.llmgw.api.v1alpha1.CredentialSpec;
import io.llmgw.api.v1alpha1.LiteLLMGatewaySpec;
import io.llmgw.api.v1alpha1.ModelSpec;
import io.llmgw.api.v1alpha1.RouterSettings;

/** spec.models, spec.credentials and the router's fallbacks: every name one of them uses is defined once. */
final class ModelsSection extends SpecSection {
    ModelsSection(Context context) {
        super(context);
    }

    /** How messages name an entry: spec.models[NAME], with the id when several entries share NAME. */
    static String modelPath(LiteLLMGatewaySpec spec, ModelSpec m) {
        boolean shared = spec.models.stream().filter(n -> java.util.Objects.equals(n.name, m.name)).count() > 1;
        return "spec.models[" + m.name + (shared && m.id != null ? " id " + m.id : "") + "]";
    }

    /** spec.models by name, in order: a name used once is a group of one. */
    static Map<String, List<ModelSpec>> groups(LiteLLMGatewaySpec spec) {
        Map<String, List<ModelSpec>> groups = new LinkedHashMap<>();
        for (ModelSpec m : spec.models) {
            groups.computeIfAbsent(m.name, k -> new ArrayList<>()).add(m);
        }
        return groups;
    }

    /** Model groups and ids, credential names, and the models the fallbacks name. */
    void check() {
        Set<String> models = new HashSet<>();
        checkModelGroups(models);
        Set<String> credentials = new HashSet<>();
        if (spec.credentials != null) {
            for (CredentialSpec c : spec.credentials) {
                if (!credentials.add(c.name)) {
                    problems.add(Problem.of(ConditionReason.DUPLICATE_CREDENTIAL, "credential name %s is used twice", c.name));
                }
            }
        }
        for (ModelSpec m : spec.models) {
            if (m.credential != null && !credentials.contains(m.credential)) {
                problems.add(Problem.of(ConditionReason.UNKNOWN_CREDENTIAL, "model %s uses credential %s, which spec.credentials does not define",
                        m.name, m.credential));
            }
        }
        RouterSettings r = spec.routerSettings;
        if (r != null) {
            for (List<RouterSettings.Fallback> list : java.util.Arrays.asList(r.fallbacks, r.contextWindowFallbacks, r.contentPolicyFallbacks)) {
                if (list == null) {
                    continue;
                }
                for (RouterSettings.Fallback f : list) {
                    List<String> named = new ArrayList<>(f.to);
                    named.add(f.model);
                    for (String name : named) {
                        if (!models.contains(name)) {
                            problems.add(Problem.of(ConditionReason.UNKNOWN_FALLBACK_MODEL, "fallback for %s names model %s, which spec.models does not define",
                                    f.model, name));
                        }
                    }
                }
            }
        }
    }

    /**
     * Entries sharing a name form a group; each needs an explicit id (the name-derived default would be the same for
     * all of them). Ids, explicit or derived, must be unique: LiteLLM indexes deployments, cooldowns and usage by id.
     */
    private void checkModelGroups(Set<String> names) {
        Map<String, List<ModelSpec>> groups = groups(spec);
        names.addAll(groups.keySet());
        Map<String, List<String>> byId = new LinkedHashMap<>();
        for (var group : groups.entrySet()) {
            List<ModelSpec> members = group.getValue();
            if (members.size() > 1 && members.stream().anyMatch(m -> m.id == null)) {
                problems.add(Problem.of(ConditionReason.MODEL_GROUP_WITHOUT_ID, "model %s is declared %d times (a group of deployments); set a distinct"
                        + " spec.models[].id on each of them", group.getKey(), members.size()));
            }
            for (ModelSpec m : members) {
                byId.computeIfAbsent(m.id != null ? m.id : ConfigRenderer.defaultModelId(m.name), k -> new ArrayList<>()).add(m.name);
            }
        }
        byId.forEach((id, users) -> {
            if (users.size() > 1) {
                problems.add(Problem.of(ConditionReason.DUPLICATE_MODEL_ID, "model id %s is used by %d deployments (%s); ids must be unique",
                        id, users.size(), String.join(", ", users)));
            }
        });
    }

    void warnAccessGroups() {
        groups(spec).forEach((name, members) -> {
            var accessGroups = members.stream().map(m -> m.accessGroups == null ? Set.of() : Set.copyOf(m.accessGroups)).distinct().count();
            if (accessGroups > 1) {
                // LiteLLM grants access groups by model name: one deployment listing a group opens the whole name.
                warnings.add("the deployments of model " + name + " list different accessGroups; LiteLLM grants them by name, so every"
                        + " deployment of " + name + " is in each group any of them lists");
            }
        });
    }
}
