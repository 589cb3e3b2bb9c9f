package org.efp.dr.restore.job;

/** What a job does. */
public enum JobKind {
    DATABASE, MODELS, DRILL
}
