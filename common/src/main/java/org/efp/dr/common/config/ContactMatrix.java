package org.efp.dr.common.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code contacts.yaml}: who to tell, per team. */
public record ContactMatrix(Map<String, Team> teams) {

    public static final String FILE = "contacts.yaml";

    /** A team's primary and secondary contacts (email) and phone (E.164). */
    public record Team(String name, String primary, String secondary, String phone) {
    }

    public ContactMatrix {
        teams = Map.copyOf(teams);
    }

    public Optional<Team> team(String name) {
        return Optional.ofNullable(teams.get(name));
    }

    static ContactMatrix from(YamlNode root) {
        Map<String, Team> teams = new LinkedHashMap<>();
        root.required("teams").entries().forEach((name, node) -> teams.put(name, new Team(name,
                node.required("primary").email(), node.required("secondary").email(),
                node.required("phone").phone())));
        return new ContactMatrix(teams);
    }
}
