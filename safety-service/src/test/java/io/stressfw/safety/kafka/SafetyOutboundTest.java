package io.stressfw.safety.kafka;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.stressfw.model.MetricSample;
import io.stressfw.model.PhaseEventType;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.SourceKind;
import io.stressfw.model.Versioned;
import io.stressfw.safety.PhaseEventFixtures;
import io.stressfw.safety.engine.SafetyEngine;
import io.stressfw.safety.engine.SafetyEngineSettings;
import io.stressfw.safety.engine.SafetyOutput;
import io.stressfw.model.Comparison;
import io.stressfw.safety.rule.ThresholdRule;
import io.stressfw.service.OutboundMessages;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class SafetyOutboundTest {
    private static final long NOW = 1_700_000_000_000L;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<String> sent = new ArrayList<>();

    /** What the engine decides on one over-limit sample of a stop rule: a violation, a breaker opening, a stop. */
    private static SafetyOutput overLimit() {
        SafetyEngine engine = new SafetyEngine(SafetyEngineSettings.defaults(),
                List.of(ThresholdRule.simple("cpu", "cpu_usage", Comparison.ABOVE, 95, SafetyAction.STOP)), () -> NOW, () -> "id");
        engine.onPhaseEvent(PhaseEventFixtures.event(PhaseEventType.CYCLE_STARTED, "c1", null, NOW));
        SafetyOutput out = engine.onSample(new MetricSample(Versioned.SCHEMA_VERSION, "h1", SourceKind.HOST, "h1", NOW,
                null, null, Map.of("cpu_usage", 99.0), null));
        assertThat(out.stops()).hasSize(1);
        assertThat(out.violations()).hasSize(1);
        assertThat(out.transitions()).hasSize(1);
        return out;
    }

    /** A channel that records "<channel> <key> <payload type>" in the shared order and answers with {@code ack}. */
    @SuppressWarnings("unchecked")
    private MutinyEmitter<String> channel(String name, Function<Message<String>, Uni<Void>> ack) {
        return (MutinyEmitter<String>) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{MutinyEmitter.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("sendMessage")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    Message<String> message = (Message<String>) args[0];
                    String key = message.getMetadata(OutgoingKafkaRecordMetadata.class).map(m -> String.valueOf(m.getKey())).orElse("?");
                    String payload = message.getPayload();
                    String type = payload.contains("\"mode\"") ? "stop" : payload.contains("\"breaker_id\"") && payload.contains("\"from\"")
                            ? "transition" : "violation";
                    sent.add(name + " " + key + " " + type);
                    return ack.apply(message);
                });
    }

    @Test
    void emergencyStopsGoOutFirstKeyedForAllAgentsThenViolationsAndTransitionsKeyedBySource() {
        SafetyOutbound outbound = new SafetyOutbound(new OutboundMessages(registry),
                channel("commands", m -> Uni.createFrom().voidItem()), channel("violations", m -> Uni.createFrom().voidItem()));

        outbound.send(overLimit());

        assertThat(sent).containsExactly("commands all stop", "violations h1 violation", "violations h1 transition");
    }

    @Test
    void aStopKafkaRefusesIsCountedAndTheOtherMessagesStillGoOut() {
        SafetyOutbound outbound = new SafetyOutbound(new OutboundMessages(registry),
                channel("commands", m -> Uni.createFrom().failure(new IllegalStateException("broker away"))),
                channel("violations", m -> Uni.createFrom().voidItem()));

        outbound.send(overLimit());

        assertThat(sent).containsExactly("commands all stop", "violations h1 violation", "violations h1 transition");
        assertThat(registry.counter(OutboundMessages.UNSENT_COUNTER, "type", "StopCommand").count()).isEqualTo(1);
    }
}
