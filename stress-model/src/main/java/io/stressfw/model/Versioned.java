package io.stressfw.model;

/** Every wire payload carries the schema version it was written with. */
public interface Versioned {
    /** The schema version this build writes and reads. A consumer refuses any other. */
    int SCHEMA_VERSION = 1;

    int version();
}
