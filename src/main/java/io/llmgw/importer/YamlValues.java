package io.llmgw.importer;

import static io.llmgw.importer.YamlValues.map;
import static io.llmgw.importer.YamlValues.orEmpty;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parsed YAML values as the importer handles them. */
final class YamlValues {
    private YamlValues() {
    }

    /** A mutable copy with string keys, or null when the value is not a map. */
    static Map<String, Object> map(Object value) {
        if (!(value instanceof Map<?, ?> m)) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    static Map<String, Object> orEmpty(Map<String, Object> m) {
        return m != null ? m : new LinkedHashMap<>();
    }
}
