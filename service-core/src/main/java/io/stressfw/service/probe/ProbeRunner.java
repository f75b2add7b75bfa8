package io.stressfw.service.probe;

/** Runs one attempt of a probe. Never throws: whatever goes wrong is a failed {@link ProbeAttempt}. */
public interface ProbeRunner {
    ProbeAttempt attempt();
}
