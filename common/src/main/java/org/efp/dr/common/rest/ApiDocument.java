package org.efp.dr.common.rest;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * What every service's OpenAPI document ({@code /q/openapi}) says the same way, so a client generated from any of them
 * knows how to authenticate and what a refusal looks like:
 * <ul>
 * <li>two security schemes, {@code basic} (HTTP Basic, the local run's users) and {@code bearer} (a JWT from the
 * identity provider when OIDC is on); every operation the framework marked as needing a role accepts either;</li>
 * <li>the {@code Problem} schema (RFC 9457, see {@link Problems}) and, on every operation, the 4xx answers it can
 * give: 400 for one with a body or parameters, 401 and 403 for one that needs a role, 404 for one that names a
 * resource in its path.</li>
 * </ul>
 * Each service names it in {@code mp.openapi.filter}.
 */
public class ApiDocument implements OASFilter {

    static final String BASIC = "basic";
    static final String BEARER = "bearer";
    static final String PROBLEM = "Problem";
    /** The scheme Quarkus adds for operations that need a role; replaced by {@link #BASIC} or {@link #BEARER}. */
    static final String GENERATED_SCHEME = "SecurityScheme";

    @Override
    public void filterOpenAPI(OpenAPI api) {
        Components components = api.getComponents() == null ? OASFactory.createComponents() : api.getComponents();
        api.setComponents(components);
        if (components.getSecuritySchemes() != null) {
            components.removeSecurityScheme(GENERATED_SCHEME);
        }
        components.addSecurityScheme(BASIC, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP)
                .scheme("basic").description("a user of the service's configured users (operator, viewer, ...)"));
        components.addSecurityScheme(BEARER, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP)
                .scheme("bearer").bearerFormat("JWT")
                .description("an access token of the identity provider, roles in its groups claim"));
        components.addSchema(PROBLEM, problemSchema());
        if (api.getPaths() == null || api.getPaths().getPathItems() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : api.getPaths().getPathItems().entrySet()) {
            for (Operation operation : path.getValue().getOperations().values()) {
                document(path.getKey(), operation);
            }
        }
    }

    private static void document(String path, Operation operation) {
        boolean secured = operation.getSecurity() != null && !operation.getSecurity().isEmpty();
        if (secured) {
            operation.setSecurity(List.of(requirement(BASIC), requirement(BEARER)));
        }
        APIResponses responses = operation.getResponses() == null ? OASFactory.createAPIResponses()
                : operation.getResponses();
        operation.setResponses(responses);
        boolean hasInput = operation.getRequestBody() != null
                || operation.getParameters() != null && !operation.getParameters().isEmpty();
        if (hasInput) {
            problem(responses, "400", "refused: the detail names the field or parameter and what it must be");
        }
        if (secured) {
            answer(responses, "401", "no credentials, or wrong ones");
            answer(responses, "403", "the caller lacks the role this needs");
        }
        if (path.contains("{")) {
            problem(responses, "404", "nothing has the id in the path");
        }
    }

    private static SecurityRequirement requirement(String scheme) {
        return OASFactory.createSecurityRequirement().addScheme(scheme);
    }

    /** The answer of {@code status} as a problem; one the framework added without a body gets ours. */
    private static void problem(APIResponses responses, String status, String description) {
        APIResponse existing = responses.getAPIResponse(status);
        if (existing != null && existing.getContent() != null && existing.getContent().hasMediaType(
                Problems.MEDIA_TYPE)) {
            return;
        }
        responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType(Problems.MEDIA_TYPE, OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref(PROBLEM)))));
    }

    private static void answer(APIResponses responses, String status, String description) {
        if (!responses.hasAPIResponse(status)) {
            APIResponse response = OASFactory.createAPIResponse().description(description);
            responses.addAPIResponse(status, response);
        }
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .description("a refused request (RFC 9457); detail is the message for a person, reason a stable code")
                .addProperty("type", text("about:blank"))
                .addProperty("title", text("Bad Request"))
                .addProperty("status", OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER))
                        .examples(List.of(400)))
                .addProperty("detail", text("invalid request body: kind must not be blank"))
                .addProperty("reason", text("INVALID_BODY"))
                .addProperty("error", text("the same text as detail"))
                .addProperty("message", text("the same text as detail"))
                .required(List.of("type", "title", "status", "detail"));
    }

    private static Schema text(String example) {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).examples(List.of(example));
    }
}
