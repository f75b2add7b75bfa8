package io.stressfw.metrics.rest;

import io.stressfw.metrics.aggregation.MetricsAggregator;
import io.stressfw.model.Phase;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.stressfw.metrics.aggregation.Fixtures.agent;
import static io.stressfw.metrics.aggregation.Fixtures.event;
import static io.stressfw.metrics.aggregation.Fixtures.host;
import static io.stressfw.model.PhaseEventType.PHASE_STARTED;
import static org.assertj.core.api.Assertions.assertThat;

class CsvExportTest {

    @Test
    void writesOneRowPerSampleAndMetricWithEmptyCellsForUnavailableValues() {
        MetricsAggregator aggregator = MetricsAggregator.builder().maxCycles(5).rawSampleCap(10).build();
        aggregator.accept(event("c,1", PHASE_STARTED, Phase.LIGHT, 1000));
        aggregator.accept(host("h1", 1001, 12.5));
        aggregator.accept(agent("a1", 1002, "c,1", Phase.LIGHT, 20, 18));
        String csv = CsvExport.render(aggregator.rawSamples("c,1").orElseThrow(),
                aggregator.report("c,1").orElseThrow().rawSamples());
        assertThat(csv.lines().toList()).containsExactly(
                CsvExport.HEADER,
                "1001,h1,host,h1,,,cpu_usage,12.5",
                "1001,h1,host,h1,,,temperature,",
                "1002,a1,agent,node-a,\"c,1\",light,generator.cpu.target_percent,20.0",
                "1002,a1,agent,node-a,\"c,1\",light,generator.cpu.achieved_percent,18.0");
    }

    @Test
    void aTruncatedExportSaysSoOnItsFirstLine() {
        MetricsAggregator aggregator = MetricsAggregator.builder().maxCycles(5).rawSampleCap(1).build();
        aggregator.accept(event("c1", PHASE_STARTED, Phase.LIGHT, 1000));
        aggregator.accept(host("h1", 1001, 1));
        aggregator.accept(host("h1", 1002, 2));
        List<String> lines = CsvExport.render(aggregator.rawSamples("c1").orElseThrow(),
                aggregator.report("c1").orElseThrow().rawSamples()).lines().toList();
        assertThat(lines.get(0)).startsWith("# truncated: only the first 1 of 2 samples");
        assertThat(lines).hasSize(4);
    }
}
