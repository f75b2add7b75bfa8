package io.stressfw.service;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.stressfw.model.StopCommand;
import io.stressfw.model.StopMode;
import io.stressfw.model.Versioned;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutboundMessagesTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final OutboundMessages outbound = new OutboundMessages(registry);
    private final StopCommand stop = new StopCommand(Versioned.SCHEMA_VERSION, "c-1", null, 1, 10, StopMode.EMERGENCY,
            "test", "tester");

    @Test
    void sendsAtOnceKeyedWithoutWaitingForASubscriber() {
        RecordingChannel channel = new RecordingChannel(m -> Uni.createFrom().voidItem());

        outbound.send(channel.emitter, "all", stop);

        assertThat(channel.sent).hasSize(1);
        Message<String> message = channel.sent.get(0);
        assertThat(message.getPayload()).contains("\"command_id\":\"c-1\"", "\"mode\":\"emergency\"");
        assertThat(message.getMetadata(OutgoingKafkaRecordMetadata.class)).hasValueSatisfying(m -> assertThat(m.getKey()).isEqualTo("all"));
    }

    @Test
    void aLaterSubscriberSeesTheSameAcknowledgementWithoutSendingTwice() {
        RecordingChannel channel = new RecordingChannel(m -> Uni.createFrom().voidItem());

        Uni<Void> ack = outbound.send(channel.emitter, "all", stop);
        ack.await().indefinitely();
        ack.await().indefinitely();

        assertThat(channel.sent).hasSize(1);
    }

    @Test
    void aFailedSendIsCountedAndSurfacesInTheUniNotAsAnException() {
        RecordingChannel channel = new RecordingChannel(m -> Uni.createFrom().failure(new IllegalStateException("broker away")));

        Uni<Void> ack = outbound.send(channel.emitter, "all", stop);

        assertThatThrownBy(() -> ack.await().indefinitely()).hasMessageContaining("broker away");
        assertThat(registry.counter(OutboundMessages.UNSENT_COUNTER, "type", "StopCommand").count()).isEqualTo(1);
    }

    @Test
    void aChannelThatThrowsWhenSendingNeverReachesTheCaller() {
        RecordingChannel channel = new RecordingChannel(m -> {
            throw new IllegalStateException("buffer full");
        });

        Uni<Void> ack = outbound.send(channel.emitter, "all", stop);

        assertThatThrownBy(() -> ack.await().indefinitely()).hasMessageContaining("buffer full");
        assertThat(registry.counter(OutboundMessages.UNSENT_COUNTER, "type", "StopCommand").count()).isEqualTo(1);
    }

    /** A channel that records what it is given and answers with the given acknowledgement; only sendMessage is used. */
    private static final class RecordingChannel {
        final List<Message<String>> sent = new ArrayList<>();
        final MutinyEmitter<String> emitter;

        @SuppressWarnings("unchecked")
        RecordingChannel(Function<Message<String>, Uni<Void>> answer) {
            emitter = (MutinyEmitter<String>) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[]{MutinyEmitter.class}, (proxy, method, args) -> {
                        if (!method.getName().equals("sendMessage")) {
                            throw new UnsupportedOperationException(method.getName());
                        }
                        Message<String> message = (Message<String>) args[0];
                        sent.add(message);
                        return answer.apply(message);
                    });
        }
    }
}
