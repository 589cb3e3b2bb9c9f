package org.efp.dr.notifier.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.efp.dr.common.config.ConfigFileException;
import org.efp.dr.common.config.SeedConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateCatalogTest {

    @TempDir
    Path configDir;

    @Test
    void rendersTheGuidesOutageTemplateWithExactlyItsFields() {
        // Given
        TemplateCatalog catalog = TemplateCatalog.load(SeedConfig.load(null, Map.of()).templates(), null, Map.of());

        // When
        String text = catalog.render("outage_detected", Map.of("timestamp", "2026-01-01T10:00:00Z",
                "component", "api", "impact", "all forecasts late", "eta", "2026-01-01T10:15:00Z", "actions", "restart"));

        // Then
        assertThat(text).isEqualTo("""
                ALERT: System outage detected
                Time: 2026-01-01T10:00:00Z
                Component: api
                Impact: all forecasts late
                Recovery ETA: 2026-01-01T10:15:00Z
                Actions: restart""");
    }

    @Test
    void anOperatorTemplateUsingAnUnknownFieldStopsStartUpNamingIt() throws IOException {
        // Given
        Files.writeString(configDir.resolve(TemplateCatalog.FILE), """
                templates:
                  backup_failed: "Backup {backup_id} failed on {colour}"
                  recovery_failed: "{error}"
                  drill_result: "{result}"
                  threshold_breached: "{metric}"
                """);

        // When / Then
        assertThatThrownBy(() -> TemplateCatalog.load(SeedConfig.load(null, Map.of()).templates(), configDir, Map.of()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("templates.backup_failed")
                .hasMessageContaining("unknown field {colour}");
    }

    @Test
    void anOperatorCanRewordATemplateWithoutARebuild() throws IOException {
        // Given
        Files.writeString(configDir.resolve(TemplateCatalog.FILE), """
                templates:
                  backup_failed: "Backup {backup_id} of {component} failed: {reason}"
                  recovery_failed: "{error}"
                  drill_result: "{result}"
                  threshold_breached: "{metric}"
                """);
        TemplateCatalog catalog = TemplateCatalog.load(SeedConfig.load(null, Map.of()).templates(), configDir, Map.of());

        // When
        String text = catalog.render("backup_failed", Map.of("backup_id", "bk-1", "component", "energy_forecast",
                "reason", "S3_UNAVAILABLE"));

        // Then
        assertThat(text).isEqualTo("Backup bk-1 of energy_forecast failed: S3_UNAVAILABLE");
    }

    @Test
    void aMissingTemplateStopsStartUpNamingIt() throws IOException {
        // Given
        Files.writeString(configDir.resolve(TemplateCatalog.FILE), """
                templates:
                  backup_failed: "{error}"
                """);

        // When / Then
        assertThatThrownBy(() -> TemplateCatalog.load(SeedConfig.load(null, Map.of()).templates(), configDir, Map.of()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("is missing");
    }
}
