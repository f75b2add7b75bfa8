package io.stressfw.deployment;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An idle Kafka consumer is not free: its poll loop and its group heartbeat thread wake whether records come or not,
 * in every service and, for the agent, on every node under test (issue 21; docs/benchmarks.md, "Footprint").
 */
class ConsumerFootprintTest {
    private static final long SMALLRYE_DEFAULT_POLL_MS = 1000;

    @Test
    void noConsumerPollsMoreOftenThanOnceASecondWhileIdle() {
        // The agent reads Kafka with its own loops, not SmallRye channels: RecordLoopTest checks its poll.
        for (ServiceModule module : ServiceModule.values()) {
            if (module == ServiceModule.AGENT) {
                continue;
            }
            ServiceConfig config = module.config();
            assertThat(config.incomingKafkaChannels()).as(module + " reads Kafka").isNotEmpty();
            for (String channel : config.incomingKafkaChannels()) {
                String pollTimeout = config.value("mp.messaging.incoming." + channel + ".poll-timeout", Map.of());
                long pollMs = pollTimeout == null ? SMALLRYE_DEFAULT_POLL_MS : Long.parseLong(pollTimeout);
                assertThat(pollMs).as(module + " " + channel + ": poll-timeout (closing a consumer wakes its poll, so a"
                        + " short one buys no faster shutdown)").isGreaterThanOrEqualTo(SMALLRYE_DEFAULT_POLL_MS);
            }
        }
    }

    @Test
    void aConsumerGroupMadeAnewAtEveryStartCommitsNoOffsets() {
        int perStart = 0;
        for (ServiceModule module : ServiceModule.values()) {
            if (module == ServiceModule.AGENT) {
                continue;
            }
            ServiceConfig config = module.config();
            for (String channel : config.incomingKafkaChannels()) {
                String group = "mp.messaging.incoming." + channel + ".group.id";
                String first = config.value(group, Map.of("quarkus.uuid", "start-1"));
                if (first == null || first.equals(config.value(group, Map.of("quarkus.uuid", "start-2")))) {
                    continue;
                }
                perStart++;
                assertThat(config.value("mp.messaging.incoming." + channel + ".commit-strategy", Map.of()))
                        .as(module + " " + channel + ": its group is new at every start, so no commit is worth a request")
                        .isEqualTo("ignore");
            }
        }
        assertThat(perStart).as("the orchestrator's live channels").isGreaterThanOrEqualTo(3);
    }
}
