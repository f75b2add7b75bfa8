package io.stressfw.agent;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stressfw.agent.kafka.AgentKafka;
import io.stressfw.agent.kafka.RecordLoop;
import io.stressfw.agent.scope.PeerState;
import io.stressfw.model.Heartbeat;
import io.stressfw.model.MalformedMessageException;
import io.stressfw.model.Topics;
import io.stressfw.model.WireCodec;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;
import java.util.Map;

/**
 * Learns the agent's peers from {@code stress.heartbeats}: every replica reads every heartbeat, and the agents of its
 * scope become its peers; the orchestrator's heartbeats tell it which probes to run ({@link AgentProbePublisher}). A
 * heartbeat that cannot be read (an assignment included) is dead-lettered with the reason.
 */
@Singleton
public class PeerConsumer {
    /**
     * Heartbeats are read in batches, one fetch per 500 ms instead of one per heartbeat: every service heartbeats each
     * second and every agent reads all of them, so one fetch per record grew with the cluster. A heartbeat is heard at
     * most 500 ms later, well inside the 3 s time-outs and the 2 s peer_settle ({@code HeartbeatFetchTest}).
     */
    static final Map<String, Object> FETCH = Map.of(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 65536,
            ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);

    private final AgentRuntime runtime;
    private final AgentKafka kafka;
    private final AgentProbePublisher probes;
    private RecordLoop loop;

    @Inject
    public PeerConsumer(AgentRuntime runtime, AgentKafka kafka, AgentProbePublisher probes) {
        this.runtime = runtime;
        this.kafka = kafka;
        this.probes = probes;
    }

    void onStart(@Observes StartupEvent event) {
        loop = new RecordLoop("agent-heartbeats-in", kafka.settings(), FETCH, List.of(Topics.HEARTBEATS),
                this::onHeartbeat, kafka.deadLetters()).start();
    }

    void onStop(@Observes @Priority(200) ShutdownEvent event) {
        if (loop != null) {
            loop.close();
        }
    }

    void onHeartbeat(ConsumerRecord<String, String> record) {
        Heartbeat heartbeat;
        try {
            heartbeat = WireCodec.decode(record.value(), Heartbeat.class);
            PeerState.from(heartbeat).ifPresent(runtime.peers()::onAnnouncement);
            probes.onHeartbeat(heartbeat);
        } catch (MalformedMessageException e) {
            kafka.deadLetters().reject(record.topic(), record.partition(), record.offset(), record.key(), record.value(),
                    e.getMessage());
        }
    }
}
