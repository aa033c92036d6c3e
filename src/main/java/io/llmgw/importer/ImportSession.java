package io.llmgw.importer;

import static io.llmgw.importer.YamlValues.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.llmgw.api.v1alpha1.LiteLLMGatewaySpec;
import io.llmgw.api.v1alpha1.ObservabilitySpec;
import io.llmgw.importer.Importer.Kind;
import io.llmgw.importer.Importer.Line;
import io.llmgw.importer.Importer.Options;
import io.llmgw.model.UnreadSettings;
import io.llmgw.model.options.Option;

/** What the section imports of one run share: the options, the spec being built, the report and the secrets. */
final class ImportSession {
    final Options options;
    /** The Secret every reference points to. */
    final String secret;
    final LiteLLMGatewaySpec spec = new LiteLLMGatewaySpec();
    final SecretMapping secrets;
    private final List<Line> report = new ArrayList<>();

    ImportSession(Options options) {
        this.options = options;
        this.secret = options.secretName();
        this.secrets = new SecretMapping(this);
    }

    void report(Kind kind, String where, String message) {
        report.add(new Line(kind, where, message));
    }

    List<Line> report() {
        return List.copyOf(report);
    }

    /**
     * Moves each key of the table found in {@code from} into its typed field of {@code into}. A key LiteLLM does not
     * read (UnreadSettings) stays where it was, and so does a value that does not fit the typed field.
     */
    <S> void typed(List<Option<S, ?>> options, Map<String, Object> from, S into, String where, String freeForm) {
        for (Option<S, ?> option : options) {
            String key = option.key();
            if (!from.containsKey(key) || UnreadSettings.find(where, key).isPresent()) {
                continue;
            }
            Object v = from.get(key);
            if (v == null || option.read(v, into)) {
                from.remove(key);
            } else {
                report(Kind.MAPPED, where + "." + key, "kept in " + freeForm + " as written (does not fit the typed field)");
            }
        }
    }

    ObservabilitySpec observability() {
        if (spec.observability == null) {
            spec.observability = new ObservabilitySpec();
        }
        return spec.observability;
    }

    Map<String, Object> section(String where, Object section) {
        if (section == null) {
            return null;
        }
        Map<String, Object> m = map(section);
        if (m == null) {
            report(Kind.LOST, where, "not a map: not carried");
        }
        return m;
    }

    List<?> list(String where, Object section) {
        if (section == null) {
            return null;
        }
        if (!(section instanceof List<?> list)) {
            report(Kind.LOST, where, "not a list: not carried");
            return null;
        }
        return list;
    }
}
