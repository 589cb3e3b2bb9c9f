package org.efp.dr.testkit;

import java.util.ArrayList;
import java.util.List;

/** A complete {@code text/event-stream} body as the events a client sees. */
public final class ServerSentEvents {

    /** One event: its name ({@code message} unless the stream named it) and its data lines joined. */
    public record Event(String name, String data) {
    }

    private ServerSentEvents() {
    }

    /** The events of {@code stream}, in order; an event without data is none. */
    public static List<Event> parse(String stream) {
        List<Event> events = new ArrayList<>();
        String name = "message";
        StringBuilder data = new StringBuilder();
        for (String line : (stream + "\n\n").split("\r?\n", -1)) {
            if (line.startsWith("event:")) {
                name = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).strip());
            } else if (line.isEmpty() && data.length() > 0) {
                events.add(new Event(name, data.toString()));
                name = "message";
                data.setLength(0);
            }
        }
        return events;
    }
}
