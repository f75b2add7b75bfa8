package io.stressfw.stressctl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Print cycle reports (GET /cycles/{id}) as JSON or JUnit XML.")
final class ReportCommand implements Callable<Integer> {

    enum Format { json, junit }

    @ParentCommand
    StressCtl root;

    @Parameters(arity = "1..*", paramLabel = "CYCLE",
            description = "Cycle id(s), or 'latest' for the newest cycle; JUnit XML gets one testsuite each.")
    List<String> cycleIds;

    @Option(names = "--format", defaultValue = "json", paramLabel = "FORMAT",
            description = "json or junit (default ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path output;

    @Override
    public Integer call() throws JsonProcessingException {
        OrchestratorClient client = root.client();
        List<JsonNode> reports = new ArrayList<>();
        for (String requested : cycleIds) {
            String cycleId = "latest".equals(requested) ? latestCycleId(client) : requested;
            if (!cycleId.matches("[A-Za-z0-9._:-]+")) {
                throw new IllegalArgumentException("CYCLE must be a cycle id (letters, digits, . _ : -), got '"
                        + cycleId + "'");
            }
            reports.add(client.get("/cycles/" + cycleId));
        }
        String text = switch (format) {
            case junit -> JunitReport.toXml(reports);
            case json -> OrchestratorClient.JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(reports.size() == 1 ? reports.get(0)
                            : OrchestratorClient.JSON.valueToTree(reports)) + "\n";
        };
        if (output == null) {
            root.out().print(text);
            root.out().flush();
        } else {
            try {
                Path parent = output.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(output, text);
            } catch (IOException e) {
                throw new OrchestratorException("cannot write " + output + ": " + e.getMessage(), e);
            }
        }
        return CycleVerdict.COMPLETED;
    }

    /** GET /cycles lists the history newest first. */
    private static String latestCycleId(OrchestratorClient client) {
        List<JsonNode> cycles = Fields.array(client.get("/cycles"), "cycles");
        String id = cycles.isEmpty() ? null : Fields.text(cycles.get(0), "cycle_id");
        if (id == null) {
            throw new OrchestratorException("report latest: the orchestrator's cycle history is empty", 0);
        }
        return id;
    }
}
