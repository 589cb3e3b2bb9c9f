package org.efp.dr.notifier.notice;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.efp.dr.common.config.SeedConfig;
import org.efp.dr.notifier.NotifierConfig;
import org.efp.dr.notifier.template.TemplateCatalog;

/** Wires the notice factory to the templates, the recovery objectives and the configured actions. */
public class NoticeFactoryProducer {

    @Produces
    @Singleton
    NoticeFactory noticeFactory(TemplateCatalog templates, SeedConfig seed, NotifierConfig config) {
        return new NoticeFactory(templates, seed.objectives(),
                component -> config.actions().getOrDefault(component, config.defaultActions()));
    }
}
