package io.llmgw.model.options;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * How a spec value and its config.yaml value convert into each other. {@link #read} is strict: it returns null when
 * the parsed YAML value does not fit the typed field (wrong type, below the schema's minimum, not matching its
 * pattern), and the importer then keeps the key free-form as written.
 */
public record Coercion<T>(Function<Object, T> reader, Function<T, Object> writer) {
    public static final Coercion<Boolean> BOOLEAN = same(v -> v instanceof Boolean b ? b : null);
    public static final Coercion<List<String>> STRINGS = same(Coercion::strings);
    /** A non-empty string. */
    public static final Coercion<String> STRING = string(null);
    /** A decimal string in the spec (max_budget: "1000"), a number in config.yaml. */
    public static final Coercion<String> DECIMAL = new Coercion<>(Coercion::decimal, Double::valueOf);

    public T read(Object yaml) {
        return yaml == null ? null : reader.apply(yaml);
    }

    public Object write(T value) {
        return value == null ? null : writer.apply(value);
    }

    /** Written as it is in the spec. */
    public static <T> Coercion<T> same(Function<Object, T> reader) {
        return new Coercion<>(reader, t -> t);
    }

    /** A whole number of at least {@code min} that fits an int. */
    public static Coercion<Integer> integer(long min) {
        return same(v -> integerValue(v, min));
    }

    /** A whole number of at least {@code min}. */
    public static Coercion<Long> longInteger(long min) {
        return same(v -> longValue(v, min));
    }

    /** A non-empty string matching {@code pattern} (any, when null). */
    public static Coercion<String> string(String pattern) {
        Pattern p = pattern != null ? Pattern.compile(pattern) : null;
        return same(v -> v instanceof String s && !s.isEmpty() && (p == null || p.matcher(s).matches()) ? s : null);
    }

    /**
     * A nested mapping with its own table: written with the keys that are set; read only when every key is one of the
     * table's and every value fits, so nothing of a partly understood mapping is lost.
     */
    public static <S> Coercion<S> object(Supplier<S> create, List<Option<S, ?>> options) {
        return new Coercion<>(v -> readObject(v, create, options), s -> {
            Map<String, Object> out = new LinkedHashMap<>();
            options.forEach(o -> o.render(s, out));
            return out;
        });
    }

    private static <S> S readObject(Object value, Supplier<S> create, List<Option<S, ?>> options) {
        if (!(value instanceof Map<?, ?> map)) {
            return null;
        }
        S out = create.get();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Option<S, ?> option = options.stream().filter(o -> o.key().equals(String.valueOf(e.getKey()))).findFirst().orElse(null);
            if (option == null || !option.read(e.getValue(), out)) {
                return null;
            }
        }
        return out;
    }

    public static Long longValue(Object v, long min) {
        Long l = null;
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            l = ((Number) v).longValue();
        } else if (v instanceof BigInteger b && b.bitLength() < 63) {
            l = b.longValue();
        } else if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            l = d.longValue();
        }
        return l != null && l >= min ? l : null;
    }

    public static Integer integerValue(Object v, long min) {
        Long l = longValue(v, min);
        return l != null && l <= Integer.MAX_VALUE ? Integer.valueOf(l.intValue()) : null;
    }

    /** A list of strings, or null when it is not a list or holds anything else. */
    public static List<String> strings(Object v) {
        if (!(v instanceof List<?> list)) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String s)) {
                return null;
            }
            out.add(s);
        }
        return out;
    }

    private static String decimal(Object v) {
        if (!(v instanceof Number n) || n.doubleValue() < 0 || Double.isInfinite(n.doubleValue()) || Double.isNaN(n.doubleValue())) {
            return null;
        }
        return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
    }
}
