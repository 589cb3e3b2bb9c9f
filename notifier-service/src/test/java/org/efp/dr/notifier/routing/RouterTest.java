package org.efp.dr.notifier.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.efp.dr.common.config.ContactMatrix;
import org.efp.dr.common.config.SeedConfig;
import org.efp.dr.common.events.Severity;
import org.efp.dr.notifier.NotifierConfig;
import org.efp.dr.notifier.channel.ChannelKind;
import org.efp.dr.notifier.channel.Recipient;
import org.junit.jupiter.api.Test;

class RouterTest {

    private static final ContactMatrix CONTACTS = SeedConfig.load(null, Map.of()).contacts();
    private static final Map<String, List<String>> CHANNELS = Map.of("critical", List.of("email", "chat", "sms"),
            "high", List.of("email", "chat"), "medium", List.of("email", "chat"), "low", List.of("email"));

    @Test
    void aCriticalDatabaseOutageGoesToTheDatabasePrimaryByEmailChatAndSms() {
        // Given
        Router router = new Router(CONTACTS, routing(Map.of("database", "database")), EnumSet.allOf(ChannelKind.class));

        // When
        List<Recipient> recipients = router.notify(router.teamFor("database"), Severity.CRITICAL);

        // Then
        assertThat(recipients).containsExactly(new Recipient(ChannelKind.EMAIL, "db-lead@company.com"),
                new Recipient(ChannelKind.CHAT, "#database"), new Recipient(ChannelKind.SMS, "+1234567891"));
    }

    @Test
    void aHighSeverityOutageGoesByEmailAndChatOnly() {
        // Given
        Router router = new Router(CONTACTS, routing(Map.of()), EnumSet.allOf(ChannelKind.class));

        // When
        List<Recipient> recipients = router.notify(router.teamFor("api"), Severity.HIGH);

        // Then
        assertThat(recipients).containsExactly(new Recipient(ChannelKind.EMAIL, "infra-lead@company.com"),
                new Recipient(ChannelKind.CHAT, "#infrastructure"));
    }

    @Test
    void anEscalationGoesToTheSecondaryContact() {
        // Given
        Router router = new Router(CONTACTS, routing(Map.of("ml-models", "ml")), EnumSet.of(ChannelKind.EMAIL));

        // When
        List<Recipient> recipients = router.escalate(router.teamFor("ml-models"), Severity.CRITICAL);

        // Then
        assertThat(recipients).containsExactly(new Recipient(ChannelKind.EMAIL, "ml-backup@company.com"));
    }

    @Test
    void aComponentMappedToATeamContactsYamlLacksIsRefusedAtStartUp() {
        // Given
        NotifierConfig.Routing routing = routing(Map.of("api", "frontend"));

        // When / Then
        assertThatThrownBy(() -> new Router(CONTACTS, routing, EnumSet.allOf(ChannelKind.class)))
                .hasMessageContaining("dr.notifier.routing.components.api").hasMessageContaining("'frontend'");
    }

    private static NotifierConfig.Routing routing(Map<String, String> components) {
        return new NotifierConfig.Routing() {
            @Override
            public String defaultTeam() {
                return "infrastructure";
            }

            @Override
            public Map<String, String> components() {
                return components;
            }

            @Override
            public Map<String, List<String>> channels() {
                return CHANNELS;
            }
        };
    }
}
