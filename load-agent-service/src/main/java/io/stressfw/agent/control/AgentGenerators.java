package io.stressfw.agent.control;

import io.stressfw.agent.generator.HeldResources;
import io.stressfw.agent.generator.LoadCap;
import io.stressfw.agent.generator.LoadGenerator;
import io.stressfw.agent.generator.NetworkLoadGenerator;
import io.stressfw.model.Checks;
import io.stressfw.model.GeneratorReading;
import io.stressfw.model.LoadLimits;
import io.stressfw.model.ResourceKind;
import io.stressfw.model.ResourceWeights;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's generators, one per {@link ResourceKind}, and what the controller does to all of them at once. The
 * controller knows no generator by its class but the network one, whose targets each command chooses.
 *
 * <p>Two orders: the stop order puts memory first, since an emergency stop must free memory before anything else,
 * then the rest as wired; samples list the generators in it too. The status lists generators and their caps in
 * {@link ResourceKind} order.
 */
public final class AgentGenerators {
    private static final System.Logger LOG = System.getLogger(AgentGenerators.class.getName());
    private final List<LoadGenerator> stopOrder;
    private final List<LoadGenerator> statusOrder;
    private final Map<ResourceKind, LoadGenerator> byKind = new EnumMap<>(ResourceKind.class);
    private final NetworkLoadGenerator network;

    /** @param generators one of each kind; samples carry every kind, so each must have its generator */
    public AgentGenerators(List<LoadGenerator> generators) {
        Checks.notNull(generators, "generators");
        NetworkLoadGenerator found = null;
        for (LoadGenerator generator : generators) {
            Checks.notNull(generator, "generator");
            if (byKind.put(generator.kind(), generator) != null) {
                throw new IllegalArgumentException("two generators of kind " + generator.kind().wireName());
            }
            if (generator instanceof NetworkLoadGenerator n) {
                found = n;
            }
        }
        for (ResourceKind kind : ResourceKind.values()) {
            if (!byKind.containsKey(kind)) {
                throw new IllegalArgumentException("no generator of kind " + kind.wireName());
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("the network generator must be a " + NetworkLoadGenerator.class.getSimpleName());
        }
        this.network = found;
        List<LoadGenerator> stop = new ArrayList<>(generators);
        stop.sort(Comparator.comparing(g -> g.kind() != ResourceKind.MEMORY));
        this.stopOrder = List.copyOf(stop);
        this.statusOrder = List.copyOf(byKind.values());
    }

    /** Every generator, in stop order (memory first). */
    public List<LoadGenerator> all() {
        return stopOrder;
    }

    /** The generators' names in status order: cpu, memory, io, network. */
    public List<String> names() {
        return statusOrder.stream().map(g -> g.kind().wireName()).toList();
    }

    public LoadGenerator get(ResourceKind kind) {
        return byKind.get(kind);
    }

    /** The network generator: the controller gives it the targets each command chooses. */
    public NetworkLoadGenerator network() {
        return network;
    }

    /** Why {@code limits} cannot be applied (the first cap in status order that it would raise), or null. */
    String refusal(LoadLimits limits) {
        for (LoadGenerator generator : statusOrder) {
            String refusal = generator.refusal(limits);
            if (refusal != null) {
                return refusal;
            }
        }
        return null;
    }

    void applyLimits(LoadLimits limits) {
        for (LoadGenerator generator : stopOrder) {
            generator.applyLimits(limits);
        }
    }

    /** Each generator at {@code load} times its weight. */
    void setTargets(double load, ResourceWeights weights) {
        for (LoadGenerator generator : stopOrder) {
            double weight = weights.of(generator.kind());
            generator.setTarget(Math.max(0, Math.min(100, load * weight)));
        }
    }

    /**
     * Stops every generator, whatever one of them throws: one failing to clean up must never keep the others running.
     * Failures are logged; the first {@link Error} (an OutOfMemoryError, say) is thrown again once all were asked to
     * stop, since the caller can no longer trust that the load is off.
     */
    void stopAll() {
        Error first = null;
        for (LoadGenerator generator : stopOrder) {
            try {
                generator.stopNow();
            } catch (Throwable e) {
                LOG.log(System.Logger.Level.ERROR, "Generator " + generator.kind().wireName() + " failed to stop cleanly", e);
                if (e instanceof Error error && first == null) {
                    first = error;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Target, achieved and cap of each generator, for the status. */
    Map<String, AgentStatus.Generator> statusReadings() {
        Map<String, AgentStatus.Generator> readings = new LinkedHashMap<>();
        for (LoadGenerator g : statusOrder) {
            GeneratorReading r = g.reading();
            readings.put(g.kind().wireName(), new AgentStatus.Generator(r.targetPercent(), r.achievedPercent(),
                    r.achievedValue(), r.unit(), g.cap(), g.ownCap()));
        }
        return readings;
    }

    Map<String, AgentStatus.Cap> caps() {
        Map<String, AgentStatus.Cap> caps = new LinkedHashMap<>();
        for (LoadGenerator g : statusOrder) {
            for (LoadCap cap : g.caps()) {
                caps.put(cap.name(), new AgentStatus.Cap(cap.configured(), cap.effective(), cap.unit()));
            }
        }
        return caps;
    }

    Map<String, String> notes() {
        Map<String, String> notes = new LinkedHashMap<>();
        for (LoadGenerator g : statusOrder) {
            notes.putAll(g.notes());
        }
        return notes;
    }

    AgentStatus.Resources resources() {
        HeldResources held = HeldResources.NONE;
        for (LoadGenerator g : stopOrder) {
            held = held.plus(g.held());
        }
        return new AgentStatus.Resources(held.threads(), held.files(), held.connections(), held.memoryMb());
    }

    /** Each generator's reading, for a sample. */
    Map<String, GeneratorReading> readings() {
        Map<String, GeneratorReading> readings = new LinkedHashMap<>();
        for (LoadGenerator g : stopOrder) {
            readings.put(g.kind().wireName(), g.reading());
        }
        return readings;
    }
}
