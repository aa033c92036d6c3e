package io.llmgw.model.options;

import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One config.yaml key of a section and the spec field it maps to: the renderer writes the field under the key, the
 * importer reads the key back into the field. The key and the conversion are spelled here once for both directions.
 *
 * @param <S> the spec class of the section (e.g. RouterSettings)
 * @param <T> the field's type
 */
public record Option<S, T>(String key, Function<S, T> get, BiConsumer<S, T> set, Coercion<T> coercion) {

    /** Puts the field under the key when it is set (and not an empty list the key would not carry). */
    public void render(S from, Map<String, Object> to) {
        Object written = coercion.write(get.apply(from));
        if (written != null) {
            to.put(key, written);
        }
    }

    /** Reads the key's YAML value into the field; false (and the field unset) when it does not fit. */
    public boolean read(Object yaml, S into) {
        T value = coercion.read(yaml);
        set.accept(into, value);
        return value != null;
    }
}
