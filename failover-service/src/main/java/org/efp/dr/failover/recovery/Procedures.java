package org.efp.dr.failover.recovery;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.efp.dr.common.events.RecoveryAction;

/** The procedures of this service by the action they run. */
@ApplicationScoped
public class Procedures {

    private final Map<RecoveryAction, Procedure> byAction = new EnumMap<>(RecoveryAction.class);

    public Procedures(Instance<Procedure> procedures) {
        procedures.forEach(p -> p.actions().forEach(a -> byAction.put(a, p)));
    }

    public Optional<Procedure> forAction(RecoveryAction action) {
        return Optional.ofNullable(byAction.get(action));
    }

    public boolean runsHere(RecoveryAction action) {
        return byAction.containsKey(action);
    }
}
