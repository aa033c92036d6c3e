package io.llmgw.api.v1alpha1;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;

/**
 * A free-form LiteLLM section, passed through as written (schema: an object with unknown fields preserved).
 * Typed fields elsewhere in the spec cover what users set most; this is the escape hatch for the rest.
 */
@PreserveUnknownFields
public class FreeForm {
    private final Map<String, Object> values = new LinkedHashMap<>();

    public static FreeForm of(Map<String, ?> values) {
        FreeForm f = new FreeForm();
        f.values.putAll(values);
        return f;
    }

    @JsonAnyGetter
    public Map<String, Object> values() {
        return values;
    }

    @JsonAnySetter
    public void set(String key, Object value) {
        values.put(key, value);
    }
}
