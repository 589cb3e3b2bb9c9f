package org.efp.dr.failover.region;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The region probe declares the primary region down only when every one of its checks fails (one failing component
 * is that component's outage), and the local run's zone file keeps where a record points across instances.
 */
class RegionProbeTest {

    private HttpServer up;

    @BeforeEach
    void start() throws IOException {
        up = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        up.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        up.start();
    }

    @AfterEach
    void stop() {
        up.stop(0);
    }

    @Test
    void oneCheckStillPassingIsNoRegionOutage() throws IOException {
        RegionProbe probe = probe(List.of(upUrl(), downUrl()));

        assertThat(probe.enabled()).isTrue();
        assertThat(probe.problem()).isNull();
    }

    @Test
    void everyCheckFailingIsARegionOutageNamingEachFailure() throws IOException {
        String down1 = downUrl();
        String down2 = downUrl();

        String problem = probe(List.of(down1, down2)).problem();

        assertThat(problem).startsWith("primary region unhealthy, every check fails").contains(down1).contains(down2);
    }

    @Test
    void withoutPrimaryChecksTheRegionIsNotProbed() {
        assertThat(new RegionProbe(config(List.of()), new HealthChecks(null, null)).enabled()).isFalse();
    }

    @Test
    void aMalformedKubernetesCheckSaysWhatIsExpected() {
        assertThat(new HealthChecks(null, null).problems(List.of("kubernetes:no-slash")))
                .containsExactly("kubernetes check 'no-slash' is not NAMESPACE/DEPLOYMENT");
    }

    @Test
    void theZoneFileKeepsTheRecordAcrossInstancesAndChangesOnlyIt(@TempDir Path dir) throws IOException {
        Path zone = dir.resolve("zone.properties");
        Files.writeString(zone, "api.example=primary.example\nother.example=stays.example\n");

        new FileDns(zone).point("api.example", "backup.example");

        FileDns again = new FileDns(zone);
        assertThat(again.current("api.example")).contains("backup.example");
        assertThat(again.current("other.example")).contains("stays.example");
        assertThat(again.current("missing.example")).isEmpty();
    }

    private RegionProbe probe(List<String> checks) {
        return new RegionProbe(config(checks), new HealthChecks(null, null));
    }

    private static RegionConfig config(List<String> checks) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().withMapping(RegionConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter());
        if (!checks.isEmpty()) {
            builder.withDefaultValue("dr.failover.region.primary-checks", String.join(",", checks));
        }
        SmallRyeConfig config = builder.build();
        return config.getConfigMapping(RegionConfig.class);
    }

    private String upUrl() {
        return "http://127.0.0.1:" + up.getAddress().getPort() + "/q/health/ready";
    }

    /** A port nothing listens on. */
    private static String downUrl() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + s.getLocalPort() + "/q/health/ready";
        }
    }
}
