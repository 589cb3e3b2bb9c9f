package org.efp.dr.common.jobs;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * A step state record in its persisted form: a flat map of strings, one entry per non-null component (the JSON
 * object jobs have always stored), and for a {@code Map} component one entry per key, named
 * {@code component.key} (a record {@code (Map<String, Integer> replicas)} is stored as {@code replicas.web=2}).
 * Reading is lenient, so state saved by an older version still resumes: a missing key is null (false or 0 for a
 * primitive, empty for a map), an empty string is null, an unknown key is ignored; and writing keeps the keys the
 * record does not own.
 */
public final class StepStates {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

    private StepStates() {
    }

    /** The state {@code persisted} holds. */
    public static <S extends Record> S read(Map<String, String> persisted, Class<S> type) {
        Map<String, Object> values = new HashMap<>();
        for (RecordComponent component : type.getRecordComponents()) {
            if (Map.class.isAssignableFrom(component.getType())) {
                values.put(component.getName(), new HashMap<String, String>());
            }
        }
        persisted.forEach((key, value) -> {
            if (value == null || value.isEmpty()) {
                return;
            }
            int dot = key.indexOf('.');
            if (dot > 0 && values.get(key.substring(0, dot)) instanceof Map<?, ?> entries) {
                @SuppressWarnings("unchecked")
                Map<String, String> strings = (Map<String, String>) entries;
                strings.put(key.substring(dot + 1), value);
            } else {
                values.put(key, value);
            }
        });
        try {
            return JSON.convertValue(values, type);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("corrupt " + type.getSimpleName() + " state: " + e.getMessage(), e);
        }
    }

    /** Writes {@code state} into {@code persisted}: its null components removed, the others as text. */
    public static void write(Record state, Map<String, String> persisted) {
        for (RecordComponent component : state.getClass().getRecordComponents()) {
            Object value = value(state, component);
            if (Map.class.isAssignableFrom(component.getType())) {
                String prefix = component.getName() + ".";
                persisted.keySet().removeIf(key -> key.startsWith(prefix));
                if (value != null) {
                    ((Map<?, ?>) value).forEach((key, entry) -> {
                        if (entry != null) {
                            persisted.put(prefix + key, text(entry));
                        }
                    });
                }
            } else if (value == null) {
                persisted.remove(component.getName());
            } else {
                persisted.put(component.getName(), text(value));
            }
        }
    }

    /** {@code state} as a new map. */
    public static Map<String, String> toMap(Record state) {
        Map<String, String> map = new HashMap<>();
        write(state, map);
        return map;
    }

    private static String text(Object value) {
        return value instanceof Enum<?> e ? e.name() : value.toString();
    }

    private static Object value(Record state, RecordComponent component) {
        try {
            var accessor = component.getAccessor();
            // The record may be package-private in its module; its accessor is still ours to call.
            accessor.setAccessible(true);
            return accessor.invoke(state);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of " + state.getClass(), e);
        }
    }
}
