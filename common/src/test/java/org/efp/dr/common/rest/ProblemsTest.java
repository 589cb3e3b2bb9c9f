package org.efp.dr.common.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ProblemsTest {

    @Test
    void aRefusedRequestIsAProblemDocumentWithTheHumanMessage() {
        Map<String, Object> body = Problems.body(400, null, "limit must be between 1 and 500, was 0");

        assertThat(body).containsEntry("type", "about:blank").containsEntry("title", "Bad Request").containsEntry("status", 400)
                .containsEntry("detail", "limit must be between 1 and 500, was 0").containsEntry("reason", "BAD_REQUEST")
                .containsEntry("error", "limit must be between 1 and 500, was 0");
    }

    @Test
    void aServerErrorNeverShowsItsInternalMessage() {
        Map<String, Object> body = Problems.body(500, "X", "connection to 10.0.0.7 refused, password=...");

        assertThat(body.get("detail")).isEqualTo("internal error");
        assertThat(body.toString()).doesNotContain("10.0.0.7");
    }
}
