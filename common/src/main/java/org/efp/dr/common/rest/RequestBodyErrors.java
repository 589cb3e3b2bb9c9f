package org.efp.dr.common.rest;

import java.lang.reflect.RecordComponent;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/**
 * Why a request body was refused, in plain words for the {@code detail} of a 400 problem: the field by its JSON name
 * ({@code alerts[0].startsAt}), what it must be, and the allowed values of an enum. Never a Java type name or the
 * parser's own wording, which say nothing to an operator and tell an attacker what runs inside.
 */
public final class RequestBodyErrors {

    /** What every detail starts with, so a client tells a bad body from a refused request. */
    public static final String PREFIX = "invalid request body: ";

    private RequestBodyErrors() {
    }

    /** A body Jackson could not read: not JSON, a field of the wrong type, an unknown enum value. */
    public static String describe(JsonProcessingException e) {
        Throwable root = rootCause(e);
        if (e instanceof ValueInstantiationException && root.getMessage() != null
                && (root instanceof IllegalArgumentException || root instanceof NullPointerException)) {
            // a record's compact constructor refused the values; its message names the field
            return PREFIX + root.getMessage();
        }
        if (e instanceof JsonMappingException mapping && !(e instanceof MismatchedInputException)) {
            return PREFIX + (mapping.getPath().isEmpty() ? "the body" : field(mapping.getPath())) + " cannot be read";
        }
        if (e instanceof MismatchedInputException mismatch) {
            String field = field(mismatch.getPath());
            Class<?> target = mismatch.getTargetType();
            if (field.isEmpty()) {
                return PREFIX + (mismatch.getMessage() != null && mismatch.getMessage().startsWith("No content")
                        ? "a JSON body is required" : "the body must be a JSON object");
            }
            String was = e instanceof InvalidFormatException invalid && invalid.getValue() != null
                    ? ", was \"" + abbreviate(String.valueOf(invalid.getValue())) + "\"" : "";
            return PREFIX + field + " must be " + kind(target) + was;
        }
        JsonLocation at = e.getLocation();
        return PREFIX + "the body is not valid JSON"
                + (at == null || at.getLineNr() < 0 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr()
                        + ")");
    }

    /** Constraint violations of a request body, one phrase each ({@code url must be a jdbc:postgresql:// URL}). */
    public static String describe(Set<? extends ConstraintViolation<?>> violations) {
        return PREFIX + violations.stream().map(RequestBodyErrors::describe).sorted().distinct()
                .collect(Collectors.joining("; "));
    }

    /** Whether a violation is of a value a method returned: the server's fault, not the caller's. */
    public static boolean ofReturnValue(Set<? extends ConstraintViolation<?>> violations) {
        return violations.stream().anyMatch(v -> nodes(v).stream()
                .anyMatch(n -> n.getKind() == ElementKind.RETURN_VALUE));
    }

    private static String describe(ConstraintViolation<?> v) {
        List<Path.Node> nodes = nodes(v);
        StringBuilder field = new StringBuilder();
        Class<?> bodyType = null;
        for (int i = 0; i < nodes.size(); i++) {
            Path.Node n = nodes.get(i);
            if (n.getKind() == ElementKind.PARAMETER && i > 0 && nodes.get(i - 1).getKind() == ElementKind.METHOD) {
                List<Class<?>> types = nodes.get(i - 1).as(Path.MethodNode.class).getParameterTypes();
                int index = n.as(Path.ParameterNode.class).getParameterIndex();
                bodyType = index < types.size() ? types.get(index) : null;
            } else if (n.getKind() == ElementKind.PROPERTY || n.getKind() == ElementKind.CONTAINER_ELEMENT) {
                if (n.isInIterable() && field.length() > 0) {
                    field.append(n.getIndex() != null ? "[" + n.getIndex() + "]"
                            : n.getKey() != null ? "[" + n.getKey() + "]" : "");
                }
                if (n.getName() != null && n.getKind() == ElementKind.PROPERTY) {
                    field.append(field.length() == 0 ? "" : ".").append(n.getName());
                }
            }
        }
        if (field.length() == 0) {
            // the body itself is missing
            return "a JSON body is required" + (bodyType != null && bodyType.isRecord()
                    ? " with " + Arrays.stream(bodyType.getRecordComponents()).map(RecordComponent::getName)
                            .collect(Collectors.joining(", "))
                    : "");
        }
        Class<?> type = propertyType(v.getLeafBean(), nodes.get(nodes.size() - 1).getName());
        return field + " " + v.getMessage()
                + (type != null && type.isEnum() && v.getInvalidValue() == null ? ", " + kind(type) : "");
    }

    private static List<Path.Node> nodes(ConstraintViolation<?> v) {
        List<Path.Node> nodes = new ArrayList<>();
        v.getPropertyPath().forEach(nodes::add);
        return nodes;
    }

    private static Class<?> propertyType(Object bean, String name) {
        if (bean == null || name == null || !bean.getClass().isRecord()) {
            return null;
        }
        return Arrays.stream(bean.getClass().getRecordComponents()).filter(c -> c.getName().equals(name))
                .map(RecordComponent::getType).findFirst().orElse(null);
    }

    private static String field(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference r : path) {
            if (r.getFieldName() != null) {
                field.append(field.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                field.append('[').append(r.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    /** What a value of {@code type} looks like in JSON. */
    private static String kind(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name())
                    .collect(Collectors.joining(", "));
        }
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "a timestamp such as 2026-03-01T10:00:00Z";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
