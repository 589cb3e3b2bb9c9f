package org.efp.dr.testkit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * What a client of any service relies on, checked the same way in each: a refused request is an
 * {@code application/problem+json} document whose detail a person can act on (and that names no Java type), and the
 * OpenAPI document at {@code /q/openapi} says how to authenticate, what a body must hold and what a refusal looks
 * like.
 */
public final class ApiProbe {

    private static final String PROBLEM = "application/problem+json";

    private ApiProbe() {
    }

    /** Sends {@code body} (empty: no body at all) and checks the answer is a 400 problem whose detail has {@code expected}. */
    public static String assertRefused(RequestSpecification caller, String method, String path, String body,
            String expected) {
        RequestSpecification request = caller.contentType("application/json");
        if (body != null && !body.isEmpty()) {
            request = request.body(body);
        }
        Response answer = request.when().request(method, path);
        assertThat(answer.statusCode()).as(method + " " + path + " " + body + ": " + answer.asString()).isEqualTo(400);
        return assertProblem(answer, 400, expected);
    }

    /** Checks {@code answer} is a problem document of {@code status} whose detail has {@code expected}. */
    public static String assertProblem(Response answer, int status, String expected) {
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith(PROBLEM);
        JsonPath problem = answer.jsonPath();
        String detail = problem.getString("detail");
        assertThat(problem.getInt("status")).isEqualTo(status);
        assertThat(problem.getString("title")).isNotBlank();
        assertThat(detail).contains(expected).doesNotContain("org.efp", "java.", "Cannot deserialize",
                "com.fasterxml", "Exception");
        return detail;
    }

    /**
     * An unknown path and a wrong method are problems too, not framework pages; so is a body that is not JSON when
     * {@code postPath} takes a JSON body.
     */
    public static void assertFrameworkRefusalsAreProblems(RequestSpecification caller, String postPath,
            boolean takesJson) {
        assertProblem(caller.when().get("/no-such-resource"), 404, "");
        assertProblem(caller.when().request("PATCH", postPath), 405, "");
        if (takesJson) {
            assertProblem(caller.contentType("text/plain").body("x").when().post(postPath), 415,
                    "send the body as application/json");
        }
    }

    /**
     * Checks the OpenAPI document describes {@code method path}: basic and bearer security when the operation needs a
     * role, a request body schema with {@code fields} when given, and its 400 answer as a {@code Problem}.
     */
    @SuppressWarnings("unchecked")
    public static void assertDocumented(String method, String path, boolean secured, String... fields) {
        JsonPath document = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Object> schemes = document.getMap("components.securitySchemes");
        assertThat(schemes).containsKeys("basic", "bearer").doesNotContainKey("SecurityScheme");
        assertThat(document.getMap("components.schemas.Problem.properties")).containsKeys("type", "title", "status",
                "detail");
        Map<String, Object> operation = (Map<String, Object>) ((Map<String, Object>) document.getMap("paths")
                .get(path)).get(method.toLowerCase(Locale.ROOT));
        assertThat(operation).as(method + " " + path + " is in the document").isNotNull();
        if (secured) {
            assertThat((List<Map<String, Object>>) operation.get("security"))
                    .flatExtracting(Map::keySet).containsExactlyInAnyOrder("basic", "bearer");
        }
        Map<String, Object> responses = (Map<String, Object>) operation.get("responses");
        if (fields.length > 0) {
            Map<String, Object> content = (Map<String, Object>) ((Map<String, Object>) operation.get("requestBody"))
                    .get("content");
            Map<String, Object> schema = (Map<String, Object>) ((Map<String, Object>) content
                    .get("application/json")).get("schema");
            String ref = String.valueOf(schema.get("$ref"));
            Map<String, Object> body = document.getMap("components.schemas." + ref.substring(ref.lastIndexOf('/') + 1)
                    + ".properties");
            assertThat(body).as("body schema of " + method + " " + path).containsKeys(fields);
            assertThat(responses).containsKey("400");
            Map<String, Object> refusal = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) responses
                    .get("400")).get("content")).get(PROBLEM);
            assertThat(refusal).as("400 of " + method + " " + path + " is a problem").isNotNull();
        }
        if (secured) {
            assertThat(responses).containsKeys("401", "403");
        }
    }
}
