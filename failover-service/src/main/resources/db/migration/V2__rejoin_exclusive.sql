-- A node is never rewound while a failover or switchover changes the roles, and the other way round.
DROP INDEX recovery_job_one_database_failover;
CREATE UNIQUE INDEX recovery_job_one_database_failover ON recovery_job ((1))
    WHERE action IN ('DATABASE_FAILOVER', 'DATABASE_SWITCHOVER', 'DATABASE_REJOIN') AND NOT dry_run
      AND status IN ('PENDING', 'RUNNING', 'WAITING');
