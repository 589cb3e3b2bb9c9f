-- What each drill measured; the drill's job row holds its request, status, timing and error.
CREATE TABLE drill_result (
    job_id                 text    PRIMARY KEY REFERENCES restore_job (job_id),
    scenario               text    NOT NULL,
    type                   text    NOT NULL,
    success                boolean NOT NULL,
    duration_seconds       bigint  NOT NULL,
    measured_rto_seconds   bigint,
    measured_rpo_seconds   bigint,
    rto_objective_seconds  bigint,
    rpo_objective_seconds  bigint
);
