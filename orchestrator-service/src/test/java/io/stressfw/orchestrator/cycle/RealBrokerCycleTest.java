package io.stressfw.orchestrator.cycle;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.stressfw.kafka.BrokerClients;
import io.stressfw.kafka.KafkaBrokerTestResource;
import io.stressfw.model.AbortedBy;
import io.stressfw.model.Command;
import io.stressfw.model.CycleEndedDetails;
import io.stressfw.model.Phase;
import io.stressfw.model.PhaseCommand;
import io.stressfw.model.PhaseEvent;
import io.stressfw.model.PhaseEventType;
import io.stressfw.model.StopCommand;
import io.stressfw.model.StopMode;
import io.stressfw.model.Topics;
import io.stressfw.model.WireCodec;
import io.stressfw.orchestrator.testing.SimulatedAgent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** A LIGHT -> MEDIUM cycle against a real broker: the commands agents would read follow the plan. */
@QuarkusTest
@TestProfile(RealBrokerCycleTest.Profile.class)
@QuarkusTestResource(value = KafkaBrokerTestResource.class, restrictToAnnotatedClass = true)
class RealBrokerCycleTest {
    static final String CRASHED_CYCLE_ID = "cycle-killed01";

    public static final class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path dataDir = Files.createTempDirectory("orchestrator-broker");
                // What a process killed in the middle of a MEDIUM ramp-down left: its report still says running.
                Files.createDirectories(dataDir.resolve("cycles"));
                Files.writeString(dataDir.resolve("cycles").resolve(CRASHED_CYCLE_ID + ".json"), """
                        {"cycle_id":"%s","started_at_ms":1000,"outcome":"running","plan":[{"phase":"medium","adaptive":true}],
                         "phases":[{"phase":"medium","started_at_ms":1000,"hold_started_at_ms":4000,
                         "ramp_down_started_at_ms":9000,"outcome":"running"}],"violations":[]}
                        """.formatted(CRASHED_CYCLE_ID));
                return Map.of(
                        "stress.cycles.config", Path.of(RealBrokerCycleTest.class.getClassLoader()
                                .getResource("broker_cycles.yaml").toURI()).toString(),
                        "stress.orchestrator.data-dir", dataDir.toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private KafkaConsumer<String, String> consumer(String topic) {
        return BrokerClients.fromStart(bootstrap, "test-", List.of(topic));
    }

    @Test
    void lightThenMediumCommandsFollowThePlanAndEndWithAGracefulStop() throws Exception {
        try (SimulatedAgent agent = SimulatedAgent.onBroker(bootstrap, "agent-broker")
                .awaitListed(() -> given().get("/agents").then().extract().path("agents.id"))) {
            runLightThenMedium();
        }
    }

    @Test
    void aCycleCutOffByACrashIsAnnouncedAbortedOnTheBrokerAtTheNextStart() throws Exception {
        List<ConsumerRecord<String, String>> announced = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(Topics.PHASE_EVENTS)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (System.nanoTime() - deadline < 0 && announced.isEmpty()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (CRASHED_CYCLE_ID.equals(record.key())) {
                        announced.add(record);
                    }
                }
            }
            // Anything sent twice would have arrived by now, in the same partition right after the first.
            consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                if (CRASHED_CYCLE_ID.equals(r.key())) {
                    announced.add(r);
                }
            });
        }
        assertThat(announced).as("cycle_aborted for the cycle the last process left running").hasSize(1);
        PhaseEvent event = WireCodec.decode(announced.get(0).value(), PhaseEvent.class);
        assertThat(event.type()).isEqualTo(PhaseEventType.CYCLE_ABORTED);
        assertThat(event.cycleId()).isEqualTo(CRASHED_CYCLE_ID);
        assertThat(event.timestampMs()).as("the last instant its report recorded: the ramp-down's start").isEqualTo(9000);
        assertThat(event.reason()).isEqualTo("the orchestrator stopped while the cycle ran");
        CycleEndedDetails details = event.details(CycleEndedDetails.class);
        assertThat(details.abortedBy()).isEqualTo(AbortedBy.ORCHESTRATOR);
        assertThat(details.emergency()).isFalse();
        assertThat(details.adaptive()).as("its plan had an adaptive phase: no knee, and none found").isTrue();
        assertThat(details.kneeLoadPercent()).isNull();
        given().get("/cycles/" + CRASHED_CYCLE_ID).then().statusCode(200)
                .body("outcome", org.hamcrest.Matchers.equalTo("interrupted"));
    }

    private void runLightThenMedium() throws Exception {
        String cycleId = given().contentType(ContentType.JSON)
                .body("{\"phases\": [\"light\", \"medium\"], \"override_safety\": true, \"override_safety_watchdog\": true}")
                .post("/cycle/start").then().statusCode(202).extract().path("cycle_id");

        List<Command> commands = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(Topics.COMMANDS)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() - deadline < 0
                    && commands.stream().noneMatch(c -> c instanceof StopCommand && cycleId.equals(c.cycleId()))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    Command command = WireCodec.decode(record.value(), Command.class);
                    if (cycleId.equals(command.cycleId())) {
                        commands.add(command);
                        keys.add(record.key());
                    }
                }
            }
        }
        assertThat(keys).isNotEmpty().containsOnly("all");
        assertThat(commands).extracting(Command::sequence).isSorted().doesNotHaveDuplicates();
        Command last = commands.get(commands.size() - 1);
        assertThat(last).isInstanceOfSatisfying(StopCommand.class, s -> assertThat(s.mode()).isEqualTo(StopMode.GRACEFUL));

        List<PhaseCommand> phaseCommands = commands.stream().filter(PhaseCommand.class::isInstance)
                .map(PhaseCommand.class::cast).toList();
        assertThat(phaseCommands).allSatisfy(c -> assertThat(c.leaseMs()).isEqualTo(5_000));
        assertThat(phaseCommands).extracting(PhaseCommand::phase).containsSubsequence(Phase.LIGHT, Phase.MEDIUM);
        List<PhaseCommand> light = phaseCommands.stream().filter(c -> c.phase() == Phase.LIGHT).toList();
        List<PhaseCommand> medium = phaseCommands.stream().filter(c -> c.phase() == Phase.MEDIUM).toList();
        // One epoch per phase: renewals and ramp steps never restart an agent that stopped by itself.
        assertThat(light).extracting(PhaseCommand::epoch).containsOnly(1L);
        assertThat(medium).extracting(PhaseCommand::epoch).containsOnly(2L);
        // LIGHT ramps up to 25 and holds there; its weights come from the plan.
        assertThat(light).extracting(PhaseCommand::targetLoadPercent).isSortedAccordingTo(Double::compare);
        assertThat(light.get(light.size() - 1).targetLoadPercent()).isEqualTo(25);
        assertThat(light.stream().filter(c -> c.targetLoadPercent() > 0 && c.targetLoadPercent() < 25)).isNotEmpty();
        assertThat(light.get(0).weights().memory()).isEqualTo(0.3);
        // MEDIUM ramps from 25 to 50, holds, then ramps down to zero.
        assertThat(medium.stream().mapToDouble(PhaseCommand::targetLoadPercent).max().orElseThrow()).isEqualTo(50);
        assertThat(medium.stream().filter(c -> c.targetLoadPercent() > 25 && c.targetLoadPercent() < 50)).isNotEmpty();
        assertThat(medium.get(0).weights().memory()).isEqualTo(0.4);
        int peak = 0;
        for (int i = 0; i < medium.size(); i++) {
            if (medium.get(i).targetLoadPercent() == 50) {
                peak = i;
            }
        }
        List<Double> down = medium.subList(peak, medium.size()).stream().map(PhaseCommand::targetLoadPercent).toList();
        assertThat(down).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        // Commands renew the lease at least every second while nothing changes (the holds).
        for (int i = 1; i < phaseCommands.size(); i++) {
            assertThat(phaseCommands.get(i).issuedAtMs() - phaseCommands.get(i - 1).issuedAtMs()).isLessThanOrEqualTo(1_000);
        }

        List<PhaseEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(Topics.PHASE_EVENTS)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (System.nanoTime() - deadline < 0
                    && events.stream().noneMatch(e -> e.type() == PhaseEventType.CYCLE_COMPLETED)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    PhaseEvent event = WireCodec.decode(record.value(), PhaseEvent.class);
                    if (cycleId.equals(event.cycleId())) {
                        assertThat(record.key()).isEqualTo(cycleId);
                        events.add(event);
                    }
                }
            }
        }
        assertThat(events).extracting(PhaseEvent::type).containsExactly(PhaseEventType.CYCLE_STARTED,
                PhaseEventType.PHASE_STARTED, PhaseEventType.HOLD_STARTED, PhaseEventType.PHASE_COMPLETED,
                PhaseEventType.PHASE_STARTED, PhaseEventType.HOLD_STARTED, PhaseEventType.RAMP_DOWN_STARTED,
                PhaseEventType.PHASE_COMPLETED, PhaseEventType.CYCLE_COMPLETED);
        given().get("/cycles/" + cycleId).then().statusCode(200)
                .body("outcome", org.hamcrest.Matchers.equalTo("completed"));
    }
}
