package org.efp.dr.common.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestBodyErrorsTest {

    enum Colour {
        RED, GREEN
    }

    record Item(Instant at, Boolean done) {
    }

    record Body(String name, Colour colour, List<Item> items) {
        Body {
            if ("forbidden".equals(name)) {
                throw new IllegalArgumentException("name must not be forbidden");
            }
        }
    }

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"colour\":\"BLUE\"}                      | colour must be one of RED, GREEN, was \"BLUE\"",
            "{\"name\":{\"first\":\"a\"}}               | name must be a string",
            "{\"items\":[{\"at\":\"soon\"}]}            | items[0].at must be a timestamp such as 2026-03-01T10:00:00Z",
            "{\"items\":[{},{\"done\":\"maybe\"}]}      | items[1].done must be true or false",
            "{\"items\":\"none\"}                       | items must be an array",
            "[1]                                        | the body must be a JSON object",
            "{\"name\":                                 | the body is not valid JSON (line 1",
            "{\"name\":\"forbidden\"}                   | name must not be forbidden" })
    void aBodyJacksonCannotReadIsDescribedByItsFieldInPlainWords(String body, String expected) {
        // Given
        JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class,
                () -> json.readValue(body, Body.class));

        // When
        String detail = RequestBodyErrors.describe(e);

        // Then
        assertThat(detail).startsWith(RequestBodyErrors.PREFIX + expected.strip())
                .doesNotContain("org.efp", "java.", "Cannot deserialize");
    }
}
