package io.stressfw.orchestrator.cycle;

import io.stressfw.orchestrator.cluster.HostLoad;
import io.stressfw.orchestrator.cluster.NetworkLink;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A phase's means per scope (host) and per network link, from what the orchestrator sees at each tick: over the
 * hold when the phase held, else over the whole phase, like the phase's achieved load. Plain Java, not thread-safe:
 * the recorder calls it under the service's lock.
 */
final class ScopeMeans {
    private final Window hold = new Window();
    private final Window phase = new Window();

    void record(List<HostLoad> hosts, List<NetworkLink> links, Stage stage) {
        if (stage == Stage.HOLD) {
            hold.add(hosts, links);
        }
        phase.add(hosts, links);
    }

    void reset() {
        hold.reset();
        phase.reset();
    }

    List<HostLoad> hosts() {
        return (hold.ticks > 0 ? hold : phase).hosts();
    }

    List<NetworkLink> links() {
        return (hold.ticks > 0 ? hold : phase).links();
    }

    private static final class Window {
        private final Map<String, HostSums> hosts = new LinkedHashMap<>();
        private final Map<String, LinkSums> links = new LinkedHashMap<>();
        private int ticks;

        void add(List<HostLoad> hostLoads, List<NetworkLink> networkLinks) {
            ticks++;
            for (HostLoad host : hostLoads) {
                hosts.computeIfAbsent(host.scopeId(), k -> new HostSums()).add(host);
            }
            for (NetworkLink link : networkLinks) {
                links.computeIfAbsent(link.fromAgent() + " " + link.target(), k -> new LinkSums()).add(link);
            }
        }

        void reset() {
            hosts.clear();
            links.clear();
            ticks = 0;
        }

        List<HostLoad> hosts() {
            return hosts.values().stream().map(HostSums::mean).toList();
        }

        List<NetworkLink> links() {
            return links.values().stream().map(LinkSums::mean).toList();
        }
    }

    /** One scope's last view (agents, capacity, target) and its sums of achieved and generated load per resource. */
    private static final class HostSums {
        private HostLoad last;
        private final Map<String, double[]> achieved = new LinkedHashMap<>();
        private final Map<String, double[]> generated = new LinkedHashMap<>();

        void add(HostLoad host) {
            last = host;
            accumulate(achieved, host.achieved());
            accumulate(generated, host.generated());
        }

        HostLoad mean() {
            return new HostLoad(last.hostId(), last.scope(), last.scopeId(), last.agents(), last.capacity(), last.target(),
                    means(achieved, last.achieved()), means(generated, last.generated()));
        }

        private static void accumulate(Map<String, double[]> sums, Map<String, Double> values) {
            values.forEach((name, value) -> {
                double[] acc = sums.computeIfAbsent(name, k -> new double[2]);
                if (value != null) {
                    acc[0] += value;
                    acc[1]++;
                }
            });
        }

        private static Map<String, Double> means(Map<String, double[]> sums, Map<String, Double> keys) {
            Map<String, Double> means = new LinkedHashMap<>();
            for (String name : keys.keySet()) {
                double[] acc = sums.get(name);
                means.put(name, acc == null || acc[1] == 0 ? null : Math.round(acc[0] / acc[1] * 100) / 100.0);
            }
            return means;
        }
    }

    private static final class LinkSums {
        private NetworkLink last;
        private double sum;
        private int count;

        void add(NetworkLink link) {
            last = link;
            sum += link.mbps();
            count++;
        }

        NetworkLink mean() {
            return new NetworkLink(last.fromAgent(), last.fromHost(), last.target(), last.toAgent(), last.toHost(),
                    Math.round(sum / count * 1000) / 1000.0);
        }
    }
}
