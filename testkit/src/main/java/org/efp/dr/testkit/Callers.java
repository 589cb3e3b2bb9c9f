package org.efp.dr.testkit;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/**
 * Requests as the Basic test users every service declares in its application.properties ({@code %test}
 * profile, {@code quarkus.security.users.embedded.*}), one per kind of caller. The OIDC test profiles add bearer
 * tokens beside these users and leave them as they are.
 *
 * <p>Backup, restore, notifier and metrics know all three users; the failover service knows the viewer and the
 * operator, and instead of a user without a role it has {@linkplain #alertmanager() Alertmanager's}.
 */
public final class Callers {

    /** The operator's user name, as a service records it for what the operator asked for. */
    public static final String OPERATOR = "olivia";
    /** The viewer's user name. */
    public static final String VIEWER = "victor";
    /** The user name of a known user holding neither role. */
    public static final String WITHOUT_ROLE = "nora";
    /** The user name Alertmanager posts its webhook as (failover service only). */
    public static final String ALERTMANAGER = "am";

    private Callers() {
    }

    /** Role viewer: may read. */
    public static RequestSpecification viewer() {
        return as(VIEWER, "test-viewer-pw");
    }

    /** Role operator: may read, and ask for what changes things (backups, restores, drills, acknowledgements). */
    public static RequestSpecification operator() {
        return as(OPERATOR, "test-operator-pw");
    }

    /** A known user holding neither role. */
    public static RequestSpecification withoutRole() {
        return as(WITHOUT_ROLE, "test-norole-pw");
    }

    /** Role alertmanager: may post to the failover service's Alertmanager webhook, and nothing else. */
    public static RequestSpecification alertmanager() {
        return as(ALERTMANAGER, "test-alertmanager-pw");
    }

    /** A request sending this user and password preemptively, for users the kinds above do not cover. */
    public static RequestSpecification as(String user, String password) {
        return given().auth().preemptive().basic(user, password);
    }
}
