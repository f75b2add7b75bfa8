package io.stressfw.metrics.rest;

import io.stressfw.metrics.aggregation.RawSamplesInfo;
import io.stressfw.model.GeneratorReading;
import io.stressfw.model.MetricSample;

import java.util.List;
import java.util.Map;

/**
 * Raw samples as CSV in long form, one row per sample and metric, because hosts and agents report different metric
 * sets: {@code timestamp_ms,source_id,source_kind,host,cycle_id,phase,metric,value}. Generator readings appear as
 * metrics {@code generator.<name>.target_percent} and {@code generator.<name>.achieved_percent}. An unavailable
 * metric has an empty value. A truncated export starts with a {@code #} comment line saying so.
 */
public final class CsvExport {
    static final String HEADER = "timestamp_ms,source_id,source_kind,host,cycle_id,phase,metric,value";

    private CsvExport() {
    }

    public static String render(List<MetricSample> samples, RawSamplesInfo info) {
        StringBuilder out = new StringBuilder(64 + samples.size() * 400);
        if (info.truncated()) {
            out.append("# ").append(info.note()).append('\n');
        }
        out.append(HEADER).append('\n');
        for (MetricSample s : samples) {
            String prefix = s.timestampMs() + "," + cell(s.sourceId()) + "," + s.sourceKind().wireName() + ","
                    + cell(s.host()) + "," + cell(s.cycleId()) + "," + (s.phase() == null ? "" : s.phase().wireName()) + ",";
            for (Map.Entry<String, Double> m : s.metrics().entrySet()) {
                row(out, prefix, m.getKey(), m.getValue());
            }
            for (Map.Entry<String, GeneratorReading> g : s.generators().entrySet()) {
                row(out, prefix, "generator." + g.getKey() + ".target_percent", g.getValue().targetPercent());
                row(out, prefix, "generator." + g.getKey() + ".achieved_percent", g.getValue().achievedPercent());
            }
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String prefix, String metric, Double value) {
        out.append(prefix).append(cell(metric)).append(',');
        if (value != null) {
            out.append(value);
        }
        out.append('\n');
    }

    /** RFC 4180 quoting where needed. */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
