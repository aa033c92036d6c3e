package io.llmgw.importer;

import static io.llmgw.importer.YamlValues.map;
import static io.llmgw.model.options.Coercion.strings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.llmgw.api.v1alpha1.FreeForm;
import io.llmgw.api.v1alpha1.LiteLLMGateway;
import io.llmgw.api.v1alpha1.LiteLLMGatewaySpec;
import io.llmgw.importer.Importer.Kind;
import io.llmgw.importer.Importer.Line;
import io.llmgw.importer.Importer.Options;
import io.llmgw.model.UnreadSettings;

/**
 * Turns a hand-written LiteLLM config.yaml (parsed) into the LiteLLMGateway that renders the same config, with a
 * report of what was mapped, what the operator now sets itself and what could not be carried. Pure: no I/O.
 * <p>
 * Secrets: each {@code os.environ/NAME} in a secret position becomes a secretKeyRef to ONE Secret with key NAME, so
 * that Secret can be created from the old environment ({@code kubectl create secret generic S --from-env-file=...}).
 * References inside free-form sections stay as written and NAME is added to spec.env from the same Secret. Literal
 * secret values are never copied: they become references to derived keys the user fills in by hand. The report
 * names keys and paths, never values.
 */
public final class Importer {
    /** {@code secret} null means {@code <name>-env}. */
    public record Options(String name, String namespace, String secret, boolean managedCache) {
        public String secretName() {
            return secret != null ? secret : name + "-env";
        }
    }

    public enum Kind {
        MAPPED("mapped"),
        OPERATOR("operator"),
        UNMAPPED("not mapped"),
        /** Kept where it was, and LiteLLM does not read it (UnreadSettings): nothing changes, nothing is enforced. */
        IGNORED("ignored"),
        SECRET("secret"),
        /** Something the old config did that the gateway will not do: import refuses unless --allow-loss. */
        LOST("lost"),
        INVALID("invalid");

        public final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** One report line: where in config.yaml, and what happened. Never holds a secret value. */
    public record Line(Kind kind, String where, String message) {
        @Override
        public String toString() {
            return kind.label + ": " + where + ": " + message;
        }
    }

    /** The gateway, the report, and every key the Secret must hold. */
    public record Result(LiteLLMGateway gateway, List<Line> report, List<String> secretKeys) {
        /** Something the CRD schema would refuse, found while mapping. */
        public boolean invalid() {
            return report.stream().anyMatch(l -> l.kind() == Kind.INVALID);
        }

        /** Something in config.yaml is not carried into the gateway (a "lost" line). */
        public boolean losesData() {
            return report.stream().anyMatch(l -> l.kind() == Kind.LOST);
        }
    }

    private Importer() {
    }

    public static Result run(Map<String, ?> config, Options options) {
        ImportSession session = new ImportSession(options);
        LiteLLMGateway gateway = build(session, new LinkedHashMap<>(config));
        return new Result(gateway, session.report(), session.secrets.secretKeys());
    }

    /** Parses config.yaml like LiteLLM would, except that dates stay strings (api_version: 2024-10-21). */
    public static Map<String, Object> parse(String yaml) {
        LoaderOptions loader = new LoaderOptions();
        Resolver noTimestamps = new Resolver() {
            @Override
            public Tag resolve(NodeId kind, String value, boolean implicit) {
                Tag tag = super.resolve(kind, value, implicit);
                return Tag.TIMESTAMP.equals(tag) ? Tag.STR : tag;
            }
        };
        DumperOptions dumper = new DumperOptions();
        Object doc = new Yaml(new SafeConstructor(loader), new Representer(dumper), dumper, loader, noTimestamps).load(yaml);
        Map<String, Object> map = map(doc);
        if (map == null) {
            throw new IllegalArgumentException("not a YAML mapping");
        }
        return map;
    }

    private static LiteLLMGateway build(ImportSession session, Map<String, Object> config) {
        LiteLLMGatewaySpec spec = session.spec;
        session.secrets.collectEnvNames(config);
        // Read first: the keys LiteLLM takes from its environment (master and salt key) are mapped with general_settings.
        Map<String, Object> environment = session.section("environment_variables", config.remove("environment_variables"));
        environment = environment != null ? environment : new LinkedHashMap<>();
        ModelListImport models = new ModelListImport(session);
        models.credentials(config.remove("credential_list"));
        models.models(config.remove("model_list"));
        new LitellmSettingsImport(session).read(config.remove("litellm_settings"));
        new RouterSettingsImport(session).read(config.remove("router_settings"), models.modelNames());
        new GeneralSettingsImport(session).read(config.remove("general_settings"), environment);
        spec.guardrails = freeFormList(session, "guardrails", config.remove("guardrails"), "guardrail_name");
        spec.mcpServers = freeFormMap(session, "mcp_servers", config.remove("mcp_servers"), "MCP");
        spec.prompts = freeFormList(session, "prompts", config.remove("prompts"), "prompt_id");
        environmentVariables(session, environment);
        Object include = config.remove("include");
        if (include != null) {
            session.report(Kind.LOST, "include", "WARNING: the included files " + include
                    + " were not read and are not carried: merge them into this file and import again");
        }
        for (String key : config.keySet()) {
            session.report(Kind.LOST, key, "top-level section the spec has no place for: not carried");
        }

        LiteLLMGateway gateway = new LiteLLMGateway();
        Options options = session.options;
        gateway.setMetadata(new ObjectMetaBuilder().withName(options.name()).withNamespace(options.namespace()).build());
        gateway.setSpec(spec);
        session.secrets.addFreeFormEnv(gateway);
        session.secrets.reportKeys();
        return gateway;
    }

    // ---- pass-through sections

    private static List<FreeForm> freeFormList(ImportSession session, String where, Object section, String nameKey) {
        List<?> list = session.list(where, section);
        if (list == null) {
            return null;
        }
        List<FreeForm> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Map<String, Object> entry = map(list.get(i));
            if (entry == null) {
                session.report(Kind.LOST, where + "[" + i + "]", "not a map: not carried");
                continue;
            }
            String hint = entry.get(nameKey) != null ? String.valueOf(entry.get(nameKey)) : where + "_" + i;
            out.add(FreeForm.of(session.secrets.scrub(where + "[" + i + "]", entry, hint)));
            if ("guardrails".equals(where) && map(entry.get("litellm_params")) != null
                    && "presidio".equals(map(entry.get("litellm_params")).get("guardrail"))) {
                session.report(Kind.MAPPED, where + "[" + hint + "]", "presidio guardrail: set spec.presidio.enabled for analyzer and"
                        + " anonymizer sidecars (the operator then sets PRESIDIO_*_API_BASE)");
            }
        }
        session.report(Kind.MAPPED, where, out.size() + " entries passed through");
        return out.isEmpty() ? null : out;
    }

    private static FreeForm freeFormMap(ImportSession session, String where, Object section, String hint) {
        Map<String, Object> s = session.section(where, section);
        if (s == null || s.isEmpty()) {
            return null;
        }
        session.report(Kind.MAPPED, where, s.size() + " entries passed through");
        return FreeForm.of(session.secrets.scrub(where, s, hint));
    }

    private static void environmentVariables(ImportSession session, Map<String, Object> vars) {
        if (vars.isEmpty()) {
            return;
        }
        List<String> referenced = vars.keySet().stream().filter(session.secrets::referenced).toList();
        session.report(Kind.LOST, "environment_variables", vars.size() + " variables (" + String.join(", ", vars.keySet())
                + ") not carried: values in config.yaml cannot be carried safely; put them into Secret " + session.secret
                + " and list them in spec.env" + (referenced.isEmpty() ? "" : "; " + String.join(", ", referenced)
                        + " are referenced as os.environ/ and must be in the Secret"));
    }
}
