package io.stressfw.service;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.stressfw.model.DeadLetter;
import io.stressfw.model.Heartbeat;
import io.stressfw.model.ServiceKind;
import io.stressfw.model.Versioned;
import io.stressfw.model.WireCodec;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class InboundMessagesTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<String> letters = new ArrayList<>();
    private final List<Heartbeat> handled = new ArrayList<>();

    private InboundMessages inbound(Function<Message<String>, Uni<Void>> deadLetterAnswer) {
        return new InboundMessages(channel(deadLetterAnswer), new OutboundMessages(registry), registry, identity());
    }

    private static Message<String> heartbeat(String instanceId) {
        return Message.of(WireCodec.encode(new Heartbeat(Versioned.SCHEMA_VERSION, instanceId, ServiceKind.AGENT, "test",
                "host-1", 1, 2, Map.of())));
    }

    @Test
    void aMessageWhoseHandlingThrowsIsDeadLetteredWithTheReason() throws Exception {
        InboundMessages inbound = inbound(m -> Uni.createFrom().voidItem());

        inbound.handle(heartbeat("agent-1"), Heartbeat.class, h -> {
            throw new IllegalStateException("no room for " + h.instanceId());
        });
        inbound.handle(heartbeat("agent-2"), Heartbeat.class, handled::add);

        assertThat(letters).singleElement().satisfies(json -> {
            DeadLetter letter = WireCodec.decode(json, DeadLetter.class);
            assertThat(letter.reason()).isEqualTo("handling failed: IllegalStateException: no room for agent-1");
            assertThat(letter.payload()).contains("agent-1");
        });
        assertThat(handled).extracting(Heartbeat::instanceId).containsExactly("agent-2");
    }

    @Test
    void anErrorWhileHandlingIsDeadLetteredLikeAnException() throws Exception {
        InboundMessages inbound = inbound(m -> Uni.createFrom().voidItem());

        assertThatCode(() -> inbound.handle(heartbeat("agent-1"), Heartbeat.class, h -> {
            throw new StackOverflowError("too deep");
        })).doesNotThrowAnyException();

        assertThat(WireCodec.decode(letters.get(0), DeadLetter.class).reason())
                .isEqualTo("handling failed: StackOverflowError: too deep");
    }

    @Test
    void aDeadLetterTheBrokerRefusesNeverReachesTheConsumer() {
        InboundMessages inbound = inbound(m -> Uni.createFrom().failure(new IllegalStateException("record too large")));

        assertThatCode(() -> {
            inbound.handle(Message.of("not json"), Heartbeat.class, handled::add);
            inbound.handle(heartbeat("agent-1"), Heartbeat.class, h -> {
                throw new IllegalStateException("boom");
            });
        }).doesNotThrowAnyException();
        inbound.handle(heartbeat("agent-2"), Heartbeat.class, handled::add);

        assertThat(letters).hasSize(2);
        assertThat(registry.counter(OutboundMessages.UNSENT_COUNTER, "type", "DeadLetter").count()).isEqualTo(2);
        assertThat(handled).extracting(Heartbeat::instanceId).containsExactly("agent-2");
    }

    @Test
    void aDeadLetterChannelThatThrowsWhenSendingNeverReachesTheConsumer() {
        InboundMessages inbound = inbound(m -> {
            throw new IllegalStateException("insufficient downstream requests");
        });

        assertThatCode(() -> inbound.handle(Message.of("{}"), Heartbeat.class, handled::add)).doesNotThrowAnyException();
        assertThat(registry.counter(OutboundMessages.UNSENT_COUNTER, "type", "DeadLetter").count()).isEqualTo(1);
        assertThat(registry.counter(InboundMessages.MALFORMED_COUNTER, "topic", "unknown", "consumer", "agent").count())
                .isEqualTo(1);
    }

    @SuppressWarnings("unchecked")
    private MutinyEmitter<String> channel(Function<Message<String>, Uni<Void>> answer) {
        return (MutinyEmitter<String>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{MutinyEmitter.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("sendMessage")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    Message<String> message = (Message<String>) args[0];
                    letters.add(message.getPayload());
                    return answer.apply(message);
                });
    }

    private static ServiceIdentity identity() {
        return new ServiceIdentity() {
            public ServiceKind kind() {
                return ServiceKind.AGENT;
            }

            public Optional<String> id() {
                return Optional.of("agent-test");
            }

            public String version() {
                return "test";
            }
        };
    }
}
