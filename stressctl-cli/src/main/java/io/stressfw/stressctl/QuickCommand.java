package io.stressfw.stressctl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "quick", mixinStandardHelpOptions = true,
        description = "Hold one load level for a while: the seed's quick stress test "
        + "(POST /cycle/quick).")
final class QuickCommand implements Callable<Integer> {

    private static final List<String> RESOURCES = List.of("cpu", "memory", "io", "network");

    @ParentCommand
    StressCtl root;

    @Option(names = "--target-load", required = true, paramLabel = "PERCENT",
            description = "Load to hold, 0-100 % of capacity.")
    double targetLoad;

    @Option(names = "--duration", required = true, paramLabel = "SECONDS", description = "How long to hold it.")
    double durationSeconds;

    @Option(names = "--weight", paramLabel = "RESOURCE=WEIGHT", mapFallbackValue = "",
            description = "Share of the load per resource (cpu, memory, io, network; 0-1), repeatable, e.g. "
                    + "--weight cpu=1 --weight memory=0.3. Default: the weights of the phase the load falls in.")
    Map<String, Double> weights = new LinkedHashMap<>();

    @Option(names = "--ramp-up", paramLabel = "SECONDS", description = "Ramp-up time (default: the phase's).")
    Double rampUpSeconds;

    @Option(names = "--ramp-down", paramLabel = "SECONDS", description = "Ramp-down time (default: the phase's).")
    Double rampDownSeconds;

    @Option(names = "--override-safety",
            description = "Skip the start's safety interlock: safety-service heard from, its pre-flight fit (admin key).")
    boolean overrideSafety;

    @Option(names = "--override-safety-watchdog",
            description = "Keep the load running if safety-service's heartbeat is lost, which otherwise stops it "
                    + "(admin key; needed with --override-safety while safety-service is offline).")
    boolean overrideSafetyWatchdog;

    @Mixin
    WaitOptions waitOptions;

    @Override
    public Integer call() {
        if (!(targetLoad >= 0 && targetLoad <= 100)) {
            throw new IllegalArgumentException("--target-load must be between 0 and 100, got " + targetLoad);
        }
        if (!(durationSeconds > 0)) {
            throw new IllegalArgumentException("--duration must be a positive number of seconds, got "
                    + durationSeconds);
        }
        ObjectNode body = OrchestratorClient.object();
        body.put("target_load", targetLoad);
        body.put("duration", durationSeconds);
        if (!weights.isEmpty()) {
            ObjectNode weightsNode = body.putObject("weights");
            for (Map.Entry<String, Double> weight : weights.entrySet()) {
                String resource = weight.getKey().strip().toLowerCase(Locale.ROOT);
                if (!RESOURCES.contains(resource)) {
                    throw new IllegalArgumentException("--weight: unknown resource '" + weight.getKey()
                            + "', expected one of " + String.join(", ", RESOURCES));
                }
                Double value = weight.getValue();
                if (value == null || !(value >= 0 && value <= 1)) {
                    throw new IllegalArgumentException("--weight " + resource + " must be between 0 and 1, got "
                            + value);
                }
                weightsNode.put(resource, value);
            }
        }
        putIfSet(body, "ramp_up_seconds", rampUpSeconds, "--ramp-up");
        putIfSet(body, "ramp_down_seconds", rampDownSeconds, "--ramp-down");
        if (overrideSafety) {
            body.put("override_safety", true);
        }
        if (overrideSafetyWatchdog) {
            body.put("override_safety_watchdog", true);
        }
        OrchestratorClient client = root.client();
        return waitOptions.start(root, client, "/cycle/quick", body);
    }

    private static void putIfSet(ObjectNode body, String field, Double seconds, String option) {
        if (seconds == null) {
            return;
        }
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException(option + " must be 0 or more seconds, got " + seconds);
        }
        body.put(field, seconds);
    }
}
