package io.stressfw.plan;

import io.stressfw.plan.LoadGeneratorsSpec.OperationMix;
import io.stressfw.plan.PlanReader.Entry;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.util.List;
import java.util.Map;

/**
 * The seed's {@code load_generators:} block: cpu {cores: auto | n, precision_interval_ms}, memory {limit_gb: auto |
 * GB, chunk_size_mb}, io {operations_per_second, operation_mix: {read, write, seek}}, network {bandwidth_mbps,
 * connection_pool_size}. Ranges are the agent's own (see load-agent-service's README).
 */
final class LoadGeneratorsSection {
    private LoadGeneratorsSection() {
    }

    static LoadGeneratorsSpec read(PlanReader reader, Node node, String field) {
        Map<String, Entry> kinds = reader.mapping(node, field, "a mapping of cpu, memory, io, network");
        if (kinds == null) {
            return null;
        }
        reader.onlyKeys(kinds, field, List.of("cpu", "memory", "io", "network"));
        Integer cores = null;
        boolean coresAuto = false;
        Integer precision = null;
        Double limitGb = null;
        boolean limitAuto = false;
        Integer chunk = null;
        Integer ops = null;
        OperationMix mix = null;
        Double bandwidth = null;
        Integer pool = null;
        Map<String, Entry> cpu = section(reader, kinds, field, "cpu", List.of("cores", "precision_interval_ms"));
        if (cpu != null) {
            Entry e = cpu.get("cores");
            if (e != null) {
                if (isAuto(e.value())) {
                    coresAuto = true;
                } else {
                    cores = whole(reader, e, field + ".cpu", 1, 4096, "auto or ");
                }
            }
            precision = whole(reader, cpu.get("precision_interval_ms"), field + ".cpu", 10, 100, "");
        }
        Map<String, Entry> memory = section(reader, kinds, field, "memory", List.of("limit_gb", "chunk_size_mb"));
        if (memory != null) {
            Entry e = memory.get("limit_gb");
            if (e != null) {
                if (isAuto(e.value())) {
                    limitAuto = true;
                } else {
                    limitGb = reader.number(e.value(), field + ".memory.limit_gb", 0.001, 1_048_576);
                }
            }
            chunk = whole(reader, memory.get("chunk_size_mb"), field + ".memory", 1, 1024, "");
        }
        Map<String, Entry> io = section(reader, kinds, field, "io", List.of("operations_per_second", "operation_mix"));
        if (io != null) {
            ops = whole(reader, io.get("operations_per_second"), field + ".io", 0, 1_000_000, "");
            Entry e = io.get("operation_mix");
            if (e != null) {
                mix = mix(reader, e.value(), field + ".io.operation_mix");
            }
        }
        Map<String, Entry> network = section(reader, kinds, field, "network",
                List.of("bandwidth_mbps", "connection_pool_size"));
        if (network != null) {
            Entry e = network.get("bandwidth_mbps");
            if (e != null) {
                bandwidth = reader.number(e.value(), field + ".network.bandwidth_mbps", 0, 100_000);
            }
            pool = whole(reader, network.get("connection_pool_size"), field + ".network", 1, 64, "");
        }
        return new LoadGeneratorsSpec(cores, coresAuto, precision, limitGb, limitAuto, chunk, ops, mix, bandwidth, pool);
    }

    private static Map<String, Entry> section(PlanReader reader, Map<String, Entry> kinds, String field, String kind,
                                              List<String> keys) {
        Entry entry = kinds.get(kind);
        if (entry == null) {
            return null;
        }
        Map<String, Entry> entries = reader.mapping(entry.value(), field + "." + kind, "a mapping of "
                + String.join(", ", keys));
        if (entries != null) {
            reader.onlyKeys(entries, field + "." + kind, keys);
        }
        return entries;
    }

    private static boolean isAuto(Node node) {
        return node instanceof ScalarNode s && s.getValue().equalsIgnoreCase("auto");
    }

    private static Integer whole(PlanReader reader, Entry entry, String field, long min, long max, String also) {
        if (entry == null) {
            return null;
        }
        int before = reader.problems().size();
        Long value = reader.whole(entry.value(), field + "." + entry.key(), min, max);
        if (value == null && !also.isEmpty() && reader.problems().size() > before) {
            PlanProblem last = reader.problems().remove(reader.problems().size() - 1);
            reader.problems().add(new PlanProblem(last.source(), last.line(), last.column(), last.field(),
                    "must be " + also + "a whole number " + min + "-" + max + "; " + last.reason()));
        }
        return value == null ? null : value.intValue();
    }

    private static OperationMix mix(PlanReader reader, Node node, String field) {
        Map<String, Entry> shares = reader.mapping(node, field, "a mapping of read, write, seek shares");
        if (shares == null) {
            return null;
        }
        int before = reader.problems().size();
        reader.onlyKeys(shares, field, List.of("read", "write", "seek"));
        double[] values = new double[3];
        String[] names = {"read", "write", "seek"};
        for (int i = 0; i < 3; i++) {
            Entry e = shares.get(names[i]);
            if (e != null) {
                Double v = reader.number(e.value(), field + "." + names[i], 0, 1);
                values[i] = v == null ? 0 : v;
            }
        }
        if (reader.problems().size() > before) {
            return null;
        }
        double sum = values[0] + values[1] + values[2];
        if (Math.abs(sum - 1) > 1e-6) {
            reader.problem(node, field, "the shares must add up to 1, was " + io.stressfw.model.Checks.format(sum));
            return null;
        }
        return new OperationMix(values[0], values[1], values[2]);
    }
}
