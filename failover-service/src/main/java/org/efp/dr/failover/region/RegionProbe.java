package org.efp.dr.failover.region;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.efp.dr.failover.detection.ComponentProbe;

/**
 * The primary region's health, probed with the other components: the region is down when every one of its
 * {@code primary-checks} fails. A single failing component (the database primary, say) is that component's outage
 * and its own runbook entry's, not a reason to move the whole platform to the backup region.
 */
@ApplicationScoped
public class RegionProbe implements ComponentProbe {

    static final String COMPONENT = "region";

    private final RegionConfig config;
    private final HealthChecks checks;

    public RegionProbe(RegionConfig config, HealthChecks checks) {
        this.config = config;
        this.checks = checks;
    }

    @Override
    public String component() {
        return COMPONENT;
    }

    @Override
    public boolean enabled() {
        return config.primaryChecks().map(l -> !l.isEmpty()).orElse(false);
    }

    @Override
    public String problem() {
        List<String> urls = config.primaryChecks().orElse(List.of());
        List<String> problems = checks.problems(urls);
        return problems.size() < urls.size() ? null
                : "primary region unhealthy, every check fails: " + String.join("; ", problems);
    }
}
