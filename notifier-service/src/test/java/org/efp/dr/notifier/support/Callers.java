package org.efp.dr.notifier.support;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** Requests as the Basic test users of application.properties ({@code %test}), one per kind of caller. */
public final class Callers {

    /** The operator's user name, as an acknowledgement records it. */
    public static final String OPERATOR = "olivia";

    private Callers() {
    }

    /** Role viewer: may read the delivery log. */
    public static RequestSpecification viewer() {
        return given().auth().preemptive().basic("victor", "test-viewer-pw");
    }

    /** Role operator: may read and acknowledge. */
    public static RequestSpecification operator() {
        return given().auth().preemptive().basic(OPERATOR, "test-operator-pw");
    }

    /** The user kept for existing deployments (password from DR_NOTIFIER_ONCALL_PASSWORD), an operator. */
    public static RequestSpecification oncall() {
        return given().auth().preemptive().basic("oncall", "test-oncall-password");
    }

    /** A known user holding neither role. */
    public static RequestSpecification withoutRole() {
        return given().auth().preemptive().basic("nora", "test-norole-pw");
    }
}
