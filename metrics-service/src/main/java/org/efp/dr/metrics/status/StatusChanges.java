package org.efp.dr.metrics.status;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.TransactionSynchronizationRegistry;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.operators.multi.processors.SerializedProcessor;
import org.efp.dr.common.topology.TopologyChange;
import org.efp.dr.metrics.tx.AfterCommit;

/**
 * Tells the open status pages that something they show changed (an event was stored, a topology arrived), so they
 * get a new snapshot at once instead of at the next interval.
 */
@ApplicationScoped
public class StatusChanges {

    // Serialized: the events and topology channels announce from their own threads.
    private final SerializedProcessor<Boolean, Boolean> changes = BroadcastProcessor.<Boolean>create().serialized();
    private final TransactionSynchronizationRegistry transactions;

    public StatusChanges(TransactionSynchronizationRegistry transactions) {
        this.transactions = transactions;
    }

    /** Announces a change once the current transaction commits (at once when there is none). */
    public void changedAfterCommit() {
        if (transactions.getTransactionKey() == null) {
            changes.onNext(Boolean.TRUE);
            return;
        }
        AfterCommit.run(transactions, () -> changes.onNext(Boolean.TRUE));
    }

    void onTopology(@Observes TopologyChange change) {
        changes.onNext(Boolean.TRUE);
    }

    /** One item per change, to every subscriber from the moment it subscribes. */
    public Multi<Boolean> stream() {
        return Multi.createFrom().publisher(changes);
    }
}
