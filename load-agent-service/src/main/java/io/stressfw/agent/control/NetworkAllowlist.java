package io.stressfw.agent.control;

import io.stressfw.model.NetworkAllowRule;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The only places the network generator may send to, from the agent's own configuration ({@link NetworkAllowRule}):
 * {@code sink} for the agent's own sink, literal {@code host:port} entries, and address ranges with ports
 * ({@code 10.0.0.0/8:9100}) that let the orchestrator point the agent at a peer's announced sink. A command can only
 * choose among what these allow: a name is compared literally and never resolved, and only an IP literal can fall in
 * a range, so no DNS answer can widen the list.
 */
public final class NetworkAllowlist {
    public static final String OWN_SINK = NetworkAllowRule.OWN_SINK;
    private final List<NetworkAllowRule> rules = new ArrayList<>();
    private final InetSocketAddress ownSink;

    public NetworkAllowlist(List<String> allowed, InetSocketAddress ownSink) {
        if (allowed == null || allowed.isEmpty()) {
            throw new IllegalArgumentException("the network allowlist must have at least one entry (use 'sink')");
        }
        for (String raw : allowed) {
            NetworkAllowRule rule = NetworkAllowRule.parse(raw);
            if (rule.isOwnSink() && ownSink == null) {
                throw new IllegalArgumentException("allowlist names the own sink but the sink is not running");
            }
            if (rules.stream().noneMatch(r -> r.text().equals(rule.text()))) {
                rules.add(rule);
            }
        }
        this.ownSink = ownSink;
        if (rules.stream().noneMatch(r -> r.isOwnSink() || r.isLiteral())) {
            throw new IllegalArgumentException("the network allowlist " + entries() + " names no target by itself: add "
                    + "'sink' or a host:port, which an agent without a peer sends to");
        }
    }

    /** The targets used when a command names none: the own sink and the literal entries (a range is no target). */
    public List<InetSocketAddress> all() {
        List<InetSocketAddress> targets = new ArrayList<>();
        for (NetworkAllowRule rule : rules) {
            if (rule.isOwnSink()) {
                targets.add(ownSink);
            } else if (rule.isLiteral()) {
                targets.add(InetSocketAddress.createUnresolved(rule.literalHost(), rule.literalPort()));
            }
        }
        return targets;
    }

    /** The entries as configured (trimmed, lower case). */
    public List<String> entries() {
        return rules.stream().map(NetworkAllowRule::text).toList();
    }

    /** The requested targets, or an exception naming the first one that is not allowlisted. */
    public List<InetSocketAddress> approve(List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            return all();
        }
        List<InetSocketAddress> approved = new ArrayList<>();
        for (String raw : requested) {
            String entry = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
            approved.add(approveOne(raw, entry));
        }
        return approved;
    }

    private InetSocketAddress approveOne(String raw, String entry) {
        boolean sinkAllowed = rules.stream().anyMatch(NetworkAllowRule::isOwnSink);
        if (sinkAllowed && (entry.equals(OWN_SINK) || entry.equals(ownSinkName()))) {
            return ownSink;
        }
        for (NetworkAllowRule rule : rules) {
            if (rule.allows(entry)) {
                return target(entry);
            }
        }
        throw new IllegalArgumentException("network target '" + raw + "' is not in the agent's allowlist " + entries());
    }

    private String ownSinkName() {
        return ownSink == null ? "" : ownSink.getAddress().getHostAddress() + ":" + ownSink.getPort();
    }

    /** An allowed {@code host:port} as an address to connect to, unresolved: it was matched as written. */
    private static InetSocketAddress target(String entry) {
        int colon = entry.lastIndexOf(':');
        String host = entry.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return InetSocketAddress.createUnresolved(host, Integer.parseInt(entry.substring(colon + 1)));
    }
}
