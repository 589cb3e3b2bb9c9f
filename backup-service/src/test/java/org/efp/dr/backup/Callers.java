package org.efp.dr.backup;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** Requests as the Basic test users of application.properties ({@code %test}), one per kind of caller. */
final class Callers {

    /** The operator's user name, as the catalog records it for a backup the operator triggered. */
    static final String OPERATOR = "olivia";
    /** The viewer's user name. */
    static final String VIEWER = "victor";

    private Callers() {
    }

    /** Role viewer: may list and inspect backups and read the WAL archive's status. */
    static RequestSpecification viewer() {
        return given().auth().preemptive().basic(VIEWER, "test-viewer-pw");
    }

    /** Role operator: may read, trigger and verify backups and rebuild the catalog. */
    static RequestSpecification operator() {
        return given().auth().preemptive().basic(OPERATOR, "test-operator-pw");
    }

    /** A known user holding neither role. */
    static RequestSpecification withoutRole() {
        return given().auth().preemptive().basic("nora", "test-norole-pw");
    }
}
