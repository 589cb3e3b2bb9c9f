package org.efp.dr.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The local run's cache (Redis) and mail server (GreenMail standalone) as real processes on loopback. */
class CacheAndMailIT {

    private final Path home = Path.of("target", "cache-mail-it", UUID.randomUUID().toString()).toAbsolutePath();
    private RedisServer redis;
    private MailServer mail;

    @AfterEach
    void stop() {
        if (redis != null) {
            redis.close();
        }
        if (mail != null) {
            mail.close();
        }
        TestInfrastructure.delete(home);
    }

    @Test
    void redisAnswersOnlyClientsThatKnowItsPassword() {
        // Given
        redis = new RedisServer(home.resolve("redis"), Ports.free(), UUID.randomUUID().toString().replace("-", ""))
                .start();

        // When
        String withPassword = redis.command("PING", true);
        String withoutPassword = redis.command("PING", false);

        // Then
        assertThat(withPassword).isEqualTo("PONG");
        assertThat(withoutPassword).startsWith("NOAUTH");
        assertThat(redis.url()).startsWith("redis://127.0.0.1:").doesNotContain(redis.password());
    }

    @Test
    void aKilledRedisIsStartedAgainByItsRestarterAndNotAfterTheRestarterIsClosed() throws Exception {
        // Given
        redis = new RedisServer(home.resolve("redis"), Ports.free(), UUID.randomUUID().toString().replace("-", ""))
                .start();
        long first = redis.pid();
        try (Restarter restarter = Restarter.watch("redis", redis::alive, redis::start, Duration.ofSeconds(1))) {
            // When
            ProcessHandle.of(first).orElseThrow().destroyForcibly();

            // Then
            await().atMost(Duration.ofSeconds(30)).until(() -> redis.alive() && redis.pid() != first);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(redis.command("PING", true))
                    .isEqualTo("PONG"));
        }
        // And a stop after the restarter is closed stays a stop
        redis.close();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> !redis.alive());
    }

    @Test
    void redisStopsWhenClosed() {
        // Given
        redis = new RedisServer(home.resolve("redis"), Ports.free(), UUID.randomUUID().toString().replace("-", ""))
                .start();

        // When
        redis.close();

        // Then
        assertThat(Ports.listening(redis.port())).isFalse();
    }

    @Test
    void aMailSentOverSmtpIsListedWithItsRecipientAndSubject() {
        // Given
        mail = new MailServer(home.resolve("mail"), Ports.free(), Ports.free(), Ports.free()).start();
        String subject = "[CRITICAL] database outage " + UUID.randomUUID();

        // When
        GreenMailUtil.sendTextEmail("oncall@company.com", "dr-notifier@company.com", subject, "primary down",
                new ServerSetup(mail.smtpPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

        // Then
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(mail.mails())
                .anySatisfy(m -> {
                    assertThat(m.to()).isEqualTo("oncall@company.com");
                    assertThat(m.subject()).isEqualTo(subject);
                    assertThat(m.date()).isNotBlank();
                }));
    }
}
