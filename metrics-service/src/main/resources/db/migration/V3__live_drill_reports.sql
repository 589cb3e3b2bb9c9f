-- Live drills (./dr drill): the platform is broken for real and watched while it heals. Their full report (the
-- guide's generate_test_report: timeline, data lost in acknowledged commits, notifications) is kept with the drill.
ALTER TABLE drill ADD COLUMN report text;

-- The largest database each component's RTO holds, from the restore throughput measured by the latest drills.
CREATE TABLE drill_capacity (
    component                    text             PRIMARY KEY,
    max_database_bytes           bigint           NOT NULL,
    throughput_bytes_per_second  double precision NOT NULL,
    rto_objective_seconds        bigint           NOT NULL,
    drill_id                     text             NOT NULL,
    measured_at                  timestamptz      NOT NULL
);
