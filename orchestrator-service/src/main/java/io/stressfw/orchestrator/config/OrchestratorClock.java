package io.stressfw.orchestrator.config;

import io.stressfw.service.AwakeTime;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The one wall clock of the orchestrator (UTC), injected wherever time is read, so that plain-Java tests can hand the
 * same classes a clock they move by hand.
 */
@Singleton
public class OrchestratorClock {
    @Produces
    @Singleton
    Clock systemUtc() {
        return Clock.systemUTC();
    }

    /** The process's awake time, on which the silences that stop a cycle are measured. */
    @Produces
    @Singleton
    AwakeTime awakeTime() {
        return AwakeTime.system();
    }
}
