package org.efp.dr.metrics.support;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** Requests as the Basic test users of application.properties ({@code %test}), one per kind of caller. */
public final class Callers {

    private Callers() {
    }

    /** Role viewer: may read. */
    public static RequestSpecification viewer() {
        return given().auth().preemptive().basic("victor", "test-viewer-pw");
    }

    /** Role operator: may read and change. */
    public static RequestSpecification operator() {
        return given().auth().preemptive().basic("olivia", "test-operator-pw");
    }

    /** A known user holding neither role. */
    public static RequestSpecification withoutRole() {
        return given().auth().preemptive().basic("nora", "test-norole-pw");
    }
}
