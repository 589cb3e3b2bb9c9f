package org.efp.dr.metrics.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.efp.dr.metrics.support.Incidents.backup;
import static org.efp.dr.metrics.support.Incidents.outage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.efp.dr.common.events.DatabaseTopologyChanged;
import org.efp.dr.common.events.DatabaseTopologyChanged.Node;
import org.efp.dr.common.events.RecoveryAction;
import org.efp.dr.common.events.RecoveryCompleted;
import org.efp.dr.common.events.RecoveryStarted;
import org.efp.dr.common.events.RecoveryStatus;
import org.efp.dr.common.events.RecoveryStepCompleted;
import org.efp.dr.common.events.Severity;
import org.efp.dr.common.events.WalArchived;
import org.efp.dr.metrics.support.Events;
import org.efp.dr.metrics.support.TestClock;
import org.efp.dr.testkit.DrTestResources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The status page in a real headless Chromium: an SRE opens it with their credentials and watches a primary
 * failover happen without reloading. Needs Debian's chromium and chromium-driver ({@code ./dr setup}); without them
 * the test is skipped, except under CI=true where it fails. Screenshots go to target/screenshots/.
 */
@QuarkusTest
@WithTestResource(DrTestResources.class)
class StatusPageBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @Inject
    TestClock clock;

    private ChromeDriver browser;

    @BeforeEach
    void startBrowser() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String missing = "the status page browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (Debian packages chromium and chromium-driver; ./dr setup installs them)";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(missing + ", and CI=true requires it to run");
            }
            Assumptions.abort(missing + ": skipped");
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1600",
                "--remote-debugging-address=127.0.0.1");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withAllowedListIps("127.0.0.1").build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anSreWatchesAPrimaryFailoverHappenLiveWithoutReloading() throws IOException {
        // Given: a protected database cluster, and the page open with a viewer's credentials
        String id = "inc-" + UUID.randomUUID();
        String cluster = "statuspage_" + System.nanoTime();
        Instant now = clock.instant();
        Instant start = now.minusSeconds(240);
        Events.send(clock, backup("models", now.minusSeconds(60)), new WalArchived("energy_forecast",
                now.minusSeconds(5), "0/A000000", "00000001000000000000000A", 0.8, now),
                topology(cluster, 1, new Node("pg-0", 5432, null, null, null),
                        List.of(new Node("pg-1", 5432, 0L, 0.2, true)), "started", null, now.minusSeconds(3600)));
        browser.get("http://victor:test-viewer-pw@127.0.0.1:" + RestAssured.port + "/status");
        await().atMost(Events.TIMEOUT).ignoreExceptions().untilAsserted(() -> {
            assertThat(text("#protection [data-component='database']")).contains("Databases").contains("of 1m 00s");
            assertThat(text("#backups [data-target='models']")).contains("ml-models").contains("FULL");
            assertThat(text("#topology [data-cluster='" + cluster + "']")).contains("pg-0:5432")
                    .contains("pg-1:5432 streaming");
        });
        ((JavascriptExecutor) browser).executeScript("window.sameDocument = 'yes';");

        // When: the primary is lost
        Events.send(clock, outage(id, "database", Severity.CRITICAL, start, start.plusSeconds(60)),
                topology(cluster, 2, null, List.of(new Node("pg-1", 5432, null, null, false)),
                        "primary lost", id, start.plusSeconds(60)));

        // Then: the incident and the lost primary appear on the open page
        await().atMost(Events.TIMEOUT).ignoreExceptions().untilAsserted(() -> {
            assertThat(text("#incidents [data-incident='" + id + "']")).contains("DETECTED")
                    .contains("detect").contains("1m 00s of 5m 00s");
            assertThat(text("#topology [data-cluster='" + cluster + "']")).contains("none writable");
            assertThat(text("#verdict")).startsWith("AT RISK");
            assertThat(text("#risks")).contains("incident " + id + " open (database, DETECTED)")
                    .contains(cluster + ": no writable primary");
        });
        screenshot("status-page-incident.png");

        // When: failover-service promotes the standby
        Events.send(clock, new RecoveryStarted(id, "rec-" + id, "database", RecoveryAction.DATABASE_FAILOVER,
                        start.plusSeconds(90), start.plusSeconds(3600), List.of("fence", "promote")),
                new RecoveryStepCompleted(id, "rec-" + id, "promote", 1, RecoveryStatus.SUCCEEDED,
                        start.plusSeconds(90), start.plusSeconds(150), "pg-1:5432 promoted"),
                new RecoveryCompleted(id, "rec-" + id, "database", RecoveryAction.DATABASE_FAILOVER, RecoveryStatus.SUCCEEDED,
                        start.plusSeconds(90), start.plusSeconds(180), "standby", start.plusSeconds(58), 2L, null,
                        List.of()),
                topology(cluster, 3, new Node("pg-1", 5432, null, null, null),
                        List.of(new Node("pg-2", 5432, 0L, 0.1, true)), "failover", id, start.plusSeconds(150)));

        // Then: the same page shows the recovery, measured against the guide's thresholds
        await().atMost(Events.TIMEOUT).ignoreExceptions().untilAsserted(() -> {
            WebElement incident = browser.findElement(By.cssSelector("#incidents [data-incident='" + id + "']"));
            assertThat(incident.getAttribute("data-state")).isEqualTo("RECOVERED");
            assertThat(incident.getText()).contains("monitoring PASSED").contains("recover")
                    .contains("3m 00s of 1h 00m");
            assertThat(text("#topology [data-cluster='" + cluster + "']")).contains("pg-1:5432")
                    .contains("pg-2:5432 streaming");
            assertThat(text("#risks")).doesNotContain(id).doesNotContain(cluster);
        });
        assertThat(((JavascriptExecutor) browser).executeScript("return window.sameDocument;")).isEqualTo("yes");
        screenshot("status-page-recovered.png");
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name),
                StandardCopyOption.REPLACE_EXISTING);
    }

    private static DatabaseTopologyChanged topology(String cluster, long generation, Node primary, List<Node> standbys,
            String reason, String incidentId, Instant at) {
        return new DatabaseTopologyChanged(cluster, generation, primary, standbys, List.of(), generation, reason,
                incidentId, at);
    }
}
