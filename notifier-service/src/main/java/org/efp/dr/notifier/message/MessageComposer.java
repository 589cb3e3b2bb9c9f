package org.efp.dr.notifier.message;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.efp.dr.common.events.Severity;

/** Builds the one message people get for a group of notices, and the escalation of an unacknowledged one. */
public final class MessageComposer {

    private final String publicUrl;

    public MessageComposer(String publicUrl) {
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    /** A notice as read back for grouping. */
    public record Part(String template, String component, Severity severity, String body) {
    }

    /** Subject and body of one message. */
    public record Composed(Severity severity, String templates, String subject, String body) {
    }

    public Composed compose(String groupKey, String incidentId, List<Part> parts) {
        Severity severity = parts.stream().map(Part::severity).min(Comparator.naturalOrder()).orElseThrow();
        Set<String> templates = parts.stream().map(Part::template).collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> components = parts.stream().map(Part::component).collect(Collectors.toCollection(LinkedHashSet::new));
        String subject = "[" + severity + "] " + String.join(", ", components) + ": " + String.join(" + ", templates)
                + (incidentId != null ? " (incident " + incidentId + ")" : " (" + groupKey + ")");
        StringBuilder body = new StringBuilder();
        parts.forEach(p -> body.append(p.body()).append("\n\n"));
        if (incidentId != null) {
            body.append("Incident: ").append(incidentId).append('\n');
            if (severity == Severity.CRITICAL) {
                body.append("Acknowledge: ").append(ackUrl(incidentId))
                        .append(" (POST, as an operator) or the secondary contact is paged.\n");
            }
        }
        return new Composed(severity, String.join(",", templates), subject, body.toString().strip());
    }

    public Composed escalate(String subject, String body, String templates, Severity severity, String primary,
            String waited) {
        return new Composed(severity, templates, "[ESCALATION] " + subject,
                "ESCALATION: not acknowledged by " + primary + " within " + waited + ".\n\n" + body);
    }

    public String ackUrl(String incidentId) {
        return publicUrl + "/api/incidents/" + incidentId + "/acknowledge";
    }
}
