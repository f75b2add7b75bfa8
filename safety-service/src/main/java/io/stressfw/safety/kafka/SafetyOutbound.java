package io.stressfw.safety.kafka;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.stressfw.model.BreakerTransition;
import io.stressfw.model.StopCommand;
import io.stressfw.model.Violation;
import io.stressfw.safety.engine.SafetyOutput;
import io.stressfw.service.OutboundMessages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Puts the engine's decisions on Kafka: emergency stops on {@code stress.commands} keyed {@value #ALL_AGENTS_KEY}
 * first (they are what keeps hosts safe), then violations and breaker transitions on {@code stress.violations} keyed
 * by source id. Sends start at once and never throw; a stop that Kafka refuses is logged at ERROR, since a host may
 * then stay under load (the breaker repeats the stop while its rule still holds).
 */
@ApplicationScoped
public class SafetyOutbound {
    public static final String ALL_AGENTS_KEY = "all";

    private final OutboundMessages outbound;
    private final MutinyEmitter<String> commandsOut;
    private final MutinyEmitter<String> violationsOut;

    @Inject
    public SafetyOutbound(OutboundMessages outbound, @Channel("commands-out") MutinyEmitter<String> commandsOut,
                          @Channel("violations-out") MutinyEmitter<String> violationsOut) {
        this.outbound = outbound;
        this.commandsOut = commandsOut;
        this.violationsOut = violationsOut;
    }

    public void send(SafetyOutput out) {
        for (StopCommand stop : out.stops()) {
            outbound.send(commandsOut, ALL_AGENTS_KEY, stop, Logger.Level.ERROR);
        }
        for (Violation violation : out.violations()) {
            outbound.send(violationsOut, violation.sourceId(), violation);
        }
        for (BreakerTransition transition : out.transitions()) {
            outbound.send(violationsOut, transition.sourceId(), transition);
        }
    }
}
