package org.efp.dr.notifier.support;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Quarkus test resource: a real SMTP server and chat webhook receiver on loopback, for every notifier test. */
public class MailAndChatResources implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return NotifierTestServers.config();
    }

    @Override
    public void stop() {
        // Shared by every test class of the JVM; a shutdown hook stops them.
    }
}
