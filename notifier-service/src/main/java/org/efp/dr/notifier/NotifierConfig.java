package org.efp.dr.notifier;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The notifier's settings ({@code dr.notifier.*}); every one can be set by environment variable. */
@ConfigMapping(prefix = "dr.notifier")
public interface NotifierConfig {

    /** The address people reach this service at, used in acknowledge links. */
    @WithDefault("http://127.0.0.1:8084")
    String publicUrl();

    Grouping grouping();

    Routing routing();

    Escalation escalation();

    Chat chat();

    Sms sms();

    Dispatch dispatch();

    /** What responders should do, per component, for the outage_detected {actions} field. */
    Map<String, String> actions();

    /** The {actions} text for a component without its own. */
    @WithDefault("Automated recovery is being started; follow the disaster recovery runbook for the component.")
    String defaultActions();

    interface Grouping {
        /** How long notices of one incident are gathered into one message, counted from the first. */
        @WithDefault("5s")
        Duration window();
    }

    interface Routing {
        /** Team (contacts.yaml) of a component not listed in {@link #components()}. */
        @WithDefault("infrastructure")
        String defaultTeam();

        /** Component (or backup target) to team. */
        Map<String, String> components();

        /** Severity (lower case) to channels: email, chat, sms. */
        Map<String, List<String>> channels();
    }

    interface Escalation {
        /** How long a critical notification may stay unacknowledged before the secondary contact is told. */
        @WithDefault("15m")
        Duration ackTimeout();
    }

    interface Chat {
        /** Slack-compatible incoming webhook; without it chat is skipped. */
        Optional<URI> webhookUrl();

        /** Connect and request timeout of one webhook call. */
        @WithDefault("5s")
        Duration timeout();
    }

    interface Sms {
        /** Whether SMS goes out through AWS SNS. */
        @WithDefault("false")
        boolean enabled();

        /** AWS region of SNS. */
        @WithDefault("eu-west-1")
        String region();

        /** SNS endpoint override (a VPC endpoint or a local stand-in). */
        Optional<URI> endpoint();
    }

    interface Dispatch {
        /** How often pending work is looked for. */
        @WithDefault("100ms")
        Duration pollInterval();

        /** How long a claimed delivery is owned before another replica may take it over. */
        @WithDefault("2m")
        Duration lease();

        /** Concurrent sends per channel. */
        @WithDefault("8")
        int threadsPerChannel();

        /** Wait before a delivery that failed for a passing reason is tried again (doubles per round). */
        @WithDefault("15s")
        Duration retryBackoff();

        /** Longest wait between two rounds of a delivery. */
        @WithDefault("5m")
        Duration maxRetryBackoff();

        /** A delivery still failing this long after its message was made is recorded FAILED. */
        @WithDefault("6h")
        Duration giveUpAfter();
    }
}
