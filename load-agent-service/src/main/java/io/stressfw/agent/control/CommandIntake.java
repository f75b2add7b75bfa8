package io.stressfw.agent.control;

import io.stressfw.model.BreakerTransition;
import io.stressfw.model.Checks;
import io.stressfw.model.Command;
import io.stressfw.model.MalformedMessageException;
import io.stressfw.model.PhaseCommand;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.SafetyEvent;
import io.stressfw.model.Violation;
import io.stressfw.model.WireCodec;

/**
 * What the agent does with each record of {@code stress.commands} and {@code stress.violations}, free of any framework
 * so that the service and the tests' own consumers run the same code. Never throws: a consumer that handed a record
 * in must go on reading whatever happens.
 *
 * <ul>
 *   <li>A command from another topic, one that cannot be read, or one the controller refuses (a cap, the allowlist)
 *       is dead-lettered with the reason.</li>
 *   <li>An unreadable command, or one whose handling failed, may have been a stop: a loaded agent stops first, then
 *       the record is dead-lettered.</li>
 *   <li>An unreadable safety event is only dead-lettered (newer safety-services may publish kinds this agent does not
 *       know); a stop violation whose handling failed stops the load.</li>
 *   <li>A dead letter that cannot be sent is logged and dropped.</li>
 * </ul>
 */
public final class CommandIntake {
    private static final System.Logger LOG = System.getLogger(CommandIntake.class.getName());

    /** One record as read from Kafka; partition -1 and offset -1 when unknown. */
    public record InboundRecord(String topic, int partition, long offset, String key, String payload) {
    }

    /** Where a record the agent cannot use goes, with the reason ({@code stress.dlq} in the service). */
    @FunctionalInterface
    public interface DeadLetters {
        void reject(InboundRecord record, String reason);
    }

    private final AgentController controller;
    private final String commandsTopic;
    private final DeadLetters deadLetters;

    public CommandIntake(AgentController controller, String commandsTopic, DeadLetters deadLetters) {
        this.controller = Checks.notNull(controller, "controller");
        this.commandsTopic = Checks.notBlank(commandsTopic, "commands topic");
        this.deadLetters = Checks.notNull(deadLetters, "dead letters");
    }

    /** A record of the commands topic. */
    public CommandOutcome onCommand(InboundRecord record) {
        try {
            if (!commandsTopic.equals(record.topic())) {
                String reason = "command came from topic " + record.topic() + ", agents obey only " + commandsTopic;
                deadLetter(record, reason);
                return CommandOutcome.refused(reason);
            }
            Command command;
            try {
                command = WireCodec.decode(record.payload(), Command.class);
            } catch (MalformedMessageException e) {
                stopFor(record, e.getMessage());
                deadLetter(record, e.getMessage());
                return CommandOutcome.refused(e.getMessage());
            }
            CommandOutcome outcome = controller.onCommand(command);
            switch (outcome.kind()) {
                case REFUSED -> {
                    LOG.log(System.Logger.Level.WARNING, "Refused command " + command.commandId() + ": " + outcome.reason());
                    deadLetter(record, "refused: " + outcome.reason());
                }
                case IGNORED -> LOG.log(System.Logger.Level.DEBUG, "Ignored command " + command.commandId() + ": "
                        + outcome.reason());
                case APPLIED -> LOG.log(System.Logger.Level.INFO, "Applied " + describe(command));
                case RENEWED -> LOG.log(System.Logger.Level.TRACE, "Renewed lease of " + command.commandId());
            }
            return outcome;
        } catch (Throwable e) {
            String reason = "the agent failed to handle it: " + e;
            LOG.log(System.Logger.Level.ERROR, "Command on " + record.topic() + "@" + record.offset() + " failed", e);
            stopFor(record, reason);
            deadLetter(record, reason);
            return CommandOutcome.refused(reason);
        }
    }

    /** A record of the violations topic: a stop violation stops the agent whatever the orchestrator does. */
    public CommandOutcome onSafetyEvent(InboundRecord record) {
        SafetyEvent event = null;
        try {
            try {
                event = WireCodec.decode(record.payload(), SafetyEvent.class);
            } catch (MalformedMessageException e) {
                deadLetter(record, e.getMessage());
                return CommandOutcome.refused(e.getMessage());
            }
            if (event instanceof Violation violation) {
                return controller.onViolation(violation);
            }
            if (event instanceof BreakerTransition transition) {
                LOG.log(System.Logger.Level.DEBUG, "Breaker " + transition.breakerId() + " is " + transition.to()
                        + "; breakers are the orchestrator's business");
            }
            return CommandOutcome.ignored("not a violation");
        } catch (Throwable e) {
            String reason = "the agent failed to handle it: " + e;
            LOG.log(System.Logger.Level.ERROR, "Safety event on " + record.topic() + "@" + record.offset() + " failed", e);
            if (event instanceof Violation v && v.action() == SafetyAction.STOP) {
                stopFor(record, reason);
            }
            deadLetter(record, reason);
            return CommandOutcome.refused(reason);
        }
    }

    private void stopFor(InboundRecord record, String reason) {
        try {
            controller.onUnusableMessage(record.topic() + "@" + record.offset(), reason);
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.ERROR, "Could not stop for an unusable message", e);
        }
    }

    private void deadLetter(InboundRecord record, String reason) {
        try {
            deadLetters.reject(record, reason);
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.WARNING, "Dead letter for " + record.topic() + "@" + record.offset()
                    + " not sent: " + e);
        }
    }

    private static String describe(Command command) {
        if (command instanceof PhaseCommand phase) {
            return "phase command " + phase.commandId() + " (cycle " + phase.cycleId() + ", seq " + phase.sequence()
                    + ", epoch " + phase.epoch() + ", " + phase.phase().wireName() + " " + phase.targetLoadPercent()
                    + "% over " + phase.rampSeconds() + " s, lease " + phase.leaseMs() + " ms)";
        }
        return "stop command " + command.commandId();
    }
}
