package org.efp.dr.drctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class OutputTest {

    private static JsonNode json(String text) throws Exception {
        return Api.JSON.readTree(text);
    }

    @Test
    void tableAlignsColumnsUnderTheirHeadersAndShowsAbsentValuesAsDash() throws Exception {
        JsonNode rows = json("[{\"id\":\"b-1\",\"status\":\"COMPLETED\",\"size\":1536},"
                + "{\"id\":\"backup-22\",\"status\":null}]");

        String table = Output.table(rows, List.of(Output.Column.of("ID", "/id"), Output.Column.of("STATUS", "/status"),
                Output.Column.bytes("SIZE", "/size")));

        assertThat(table).isEqualTo("""
                ID         STATUS     SIZE
                b-1        COMPLETED  1.5 KiB
                backup-22  -          -
                """);
    }

    @Test
    void anEmptyListIsSaidToBeEmpty() throws Exception {
        assertThat(Output.table(json("[]"), List.of(Output.Column.of("ID", "/id")))).isEqualTo("(none)\n");
    }

    @Test
    void aDocumentShowsAsAlignedDottedKeysWithMultiLineTextOnOneLine() throws Exception {
        JsonNode doc = json("{\"backup\":{\"backupId\":\"b-1\",\"error\":\"disk\\nfull\"},\"gaps\":[\"a\",\"b\"],"
                + "\"missing\":null,\"steps\":[{\"n\":1}]}");

        assertThat(Output.fields(doc)).isEqualTo("""
                backup.backupId: b-1
                backup.error:    disk full
                gaps:            a, b
                steps[0].n:      1
                """);
    }

    @Test
    void jsonAndYamlAreTheDocumentItselfForScripts() throws Exception {
        JsonNode doc = json("{\"backupId\":\"b-1\",\"sizeBytes\":42}");
        StringWriter json = new StringWriter();
        StringWriter yaml = new StringWriter();

        Output.print(new PrintWriter(json), Output.Format.json, doc, d -> "table");
        Output.print(new PrintWriter(yaml), Output.Format.yaml, doc, d -> "table");

        assertThat(Api.JSON.readTree(json.toString())).isEqualTo(doc);
        assertThat(yaml.toString()).isEqualTo("backupId: b-1\nsizeBytes: 42\n");
    }

    @Test
    void sizesAndAgesReadAsPeopleSayThem() {
        assertThat(Output.bytes(512)).isEqualTo("512 B");
        assertThat(Output.bytes(5L * 1024 * 1024 * 1024)).isEqualTo("5.0 GiB");
        assertThat(Output.duration(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Output.duration(Duration.ofSeconds(3 * 3600 + 12 * 60 + 5))).isEqualTo("3h12m");
        assertThat(Output.duration(Duration.ofDays(2).plusHours(3))).isEqualTo("2d3h");
        Instant now = Instant.parse("2026-12-01T06:00:00Z");
        assertThat(Output.Column.age("AGE", "/at", now).cell().apply(Api.JSON.createObjectNode()
                .put("at", "2026-12-01T05:30:00Z"))).isEqualTo("30m");
    }

    @Test
    void aProblemDocumentGivesItsHumanMessage() {
        assertThat(Api.detail("{\"title\":\"Bad Request\",\"status\":400,\"detail\":\"kind must be one of [FULL]\"}"))
                .isEqualTo("kind must be one of [FULL]");
        assertThat(Api.detail("{\"error\":\"a restore for incident i-1 is already queued or running\"}"))
                .isEqualTo("a restore for incident i-1 is already queued or running");
        assertThat(Api.detail("Service Unavailable\nmore")).isEqualTo("Service Unavailable");
    }
    @Test
    void progressShowsABarPercentBytesRateStepAndEtaWhileRunningAndNoEtaOnceEnded() throws Exception {
        String running = Output.progress(json("{\"step\":\"base backup\",\"percent\":45.0,\"bytesDone\":1288490189,"
                + "\"bytesTotal\":2899102925,\"bytesPerSecond\":89128960,\"etaSeconds\":78,\"finished\":false}"));
        String ended = Output.progress(json("{\"step\":\"completed\",\"percent\":100.0,\"bytesDone\":2048,"
                + "\"bytesTotal\":2048,\"bytesPerSecond\":0,\"etaSeconds\":0,\"finished\":true}"));
        String unknownSize = Output.progress(json("{\"step\":\"restore\",\"percent\":null,\"bytesDone\":1536,"
                + "\"bytesTotal\":null,\"bytesPerSecond\":0,\"etaSeconds\":null,\"finished\":false}"));

        assertThat(running).isEqualTo("[#########-----------]  45.0 % 1.2 GiB of 2.7 GiB, 85.0 MiB/s, "
                + "step 'base backup', ETA 1m18s");
        assertThat(ended).isEqualTo("[####################] 100.0 % 2.0 KiB of 2.0 KiB, step 'completed'");
        assertThat(unknownSize).isEqualTo("1.5 KiB, step 'restore'");
        assertThat(Output.progress(json("null"))).isEmpty();
    }

    @Test
    void aDrillReportIsJudgedOnItsObjectivesWithTheMarginLeft() throws Exception {
        JsonNode history = json("{\"drills\":3,\"succeeded\":2,\"reports\":["
                + "{\"drillId\":\"d-3\",\"scenario\":\"model_failure\",\"success\":true,\"measuredRtoSeconds\":1500,"
                + "\"rtoObjectiveSeconds\":1200,\"rtoMet\":false,\"rpoMet\":null},"
                + "{\"drillId\":\"d-2\",\"scenario\":\"database_failure\",\"success\":true,"
                + "\"measuredRtoSeconds\":42,\"rtoObjectiveSeconds\":900,\"measuredRpoSeconds\":5,"
                + "\"rpoObjectiveSeconds\":60,\"rtoMet\":true,\"rpoMet\":true},"
                + "{\"drillId\":\"d-1\",\"scenario\":\"database_failure\",\"success\":false,\"error\":\"no backup\"}]}");

        String table = DrillCommand.Report.history(history);

        assertThat(table.lines().toList()).containsExactly("3 drill(s), 2 succeeded",
                "SCENARIO          DRILL  TYPE  COMPLETED  RTO         RTO MARGIN  RPO       RPO MARGIN  VERDICT",
                "database_failure  d-2    -     -          42s of 15m  +14m18s     5s of 1m  +55s        PASSED",
                "database_failure  d-1    -     -          - of -      -           - of -    -           FAILED",
                "model_failure     d-3    -     -          25m of 20m  -5m         - of -    -           MISSED");
        assertThat(DrillCommand.Report.newestPerScenario(history.path("reports"))).extracting(r -> r.path("drillId")
                .asText()).containsExactly("d-3", "d-2");
        assertThat(DrillCommand.Report.verdict(json("{\"success\":true}"))).isEqualTo("UNMEASURED");
    }
}
