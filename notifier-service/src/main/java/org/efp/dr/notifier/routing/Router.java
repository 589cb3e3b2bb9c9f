package org.efp.dr.notifier.routing;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.efp.dr.common.config.ContactMatrix;
import org.efp.dr.common.config.ContactMatrix.Team;
import org.efp.dr.common.events.Severity;
import org.efp.dr.notifier.NotifierConfig;
import org.efp.dr.notifier.channel.ChannelKind;
import org.efp.dr.notifier.channel.Recipient;

/**
 * Who hears about what: the component decides the team (configuration), the severity decides the channels; the
 * primary contact gets a notification, the secondary an escalation. Channels not set up here are left out.
 */
public final class Router {

    private final ContactMatrix contacts;
    private final NotifierConfig.Routing routing;
    private final Map<Severity, List<ChannelKind>> channels = new EnumMap<>(Severity.class);

    public Router(ContactMatrix contacts, NotifierConfig.Routing routing, Set<ChannelKind> available) {
        this.contacts = contacts;
        this.routing = routing;
        team(routing.defaultTeam(), "dr.notifier.routing.default-team");
        routing.components().forEach((component, team) -> team(team, "dr.notifier.routing.components." + component));
        for (Severity severity : Severity.values()) {
            String key = severity.name().toLowerCase(Locale.ROOT);
            List<String> names = routing.channels().get(key);
            if (names == null) {
                throw new IllegalArgumentException("dr.notifier.routing.channels." + key + " is not set");
            }
            EnumSet<ChannelKind> kinds = EnumSet.noneOf(ChannelKind.class);
            names.forEach(name -> kinds.add(ChannelKind.parse(name)));
            kinds.retainAll(available);
            channels.put(severity, List.copyOf(kinds));
        }
    }

    /** The team responsible for {@code component}. */
    public Team teamFor(String component) {
        return team(routing.components().getOrDefault(component, routing.defaultTeam()), "component " + component);
    }

    /** The team named {@code name}. */
    public Team team(String name) {
        return team(name, "team");
    }

    /** Where a notification of {@code severity} for {@code team} goes: its primary contact. */
    public List<Recipient> notify(Team team, Severity severity) {
        return recipients(team, severity, team.primary());
    }

    /** Where an unacknowledged notification escalates: the secondary contact. */
    public List<Recipient> escalate(Team team, Severity severity) {
        return recipients(team, severity, team.secondary());
    }

    private List<Recipient> recipients(Team team, Severity severity, String email) {
        List<Recipient> out = new ArrayList<>();
        for (ChannelKind kind : channels.get(severity)) {
            out.add(switch (kind) {
                case EMAIL -> new Recipient(kind, email);
                case CHAT -> new Recipient(kind, "#" + team.name());
                case SMS -> new Recipient(kind, team.phone());
            });
        }
        return out;
    }

    private Team team(String name, String where) {
        return contacts.team(name).orElseThrow(() -> new IllegalArgumentException(where + ": no team '" + name
                + "' in contacts.yaml; teams: " + contacts.teams().keySet()));
    }
}
