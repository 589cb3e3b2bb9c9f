package org.efp.dr.metrics.tx;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Work that must follow only a committed transaction: meters, in-memory views and change notices never show what a
 * rolled-back transaction wrote.
 */
public final class AfterCommit {

    private AfterCommit() {
    }

    /** Runs {@code action} once the current transaction commits; never when it rolls back. */
    public static void run(TransactionSynchronizationRegistry transactions, Runnable action) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    action.run();
                }
            }
        });
    }
}
