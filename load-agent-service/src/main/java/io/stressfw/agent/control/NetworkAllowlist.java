package io.stressfw.agent.control;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The only places the network generator may send to: {@code host:port} entries from the agent's own configuration,
 * and {@code sink} for the agent's own loopback sink. Matching is on the literal entry (no DNS lookups), so a command
 * cannot reach an address through a name that happens to resolve to it.
 */
public final class NetworkAllowlist {
    public static final String OWN_SINK = "sink";
    private final Map<String, InetSocketAddress> entries = new LinkedHashMap<>();

    public NetworkAllowlist(List<String> allowed, InetSocketAddress ownSink) {
        if (allowed == null || allowed.isEmpty()) {
            throw new IllegalArgumentException("the network allowlist must have at least one entry (use 'sink')");
        }
        for (String raw : allowed) {
            String entry = normalise(raw);
            if (entry.equals(OWN_SINK)) {
                if (ownSink == null) {
                    throw new IllegalArgumentException("allowlist names the own sink but the sink is not running");
                }
                entries.put(OWN_SINK, ownSink);
            } else {
                entries.put(entry, parse(entry));
            }
        }
    }

    /** Every allowlisted target: the default when a command names none. */
    public List<InetSocketAddress> all() {
        return List.copyOf(entries.values());
    }

    public List<String> entries() {
        return List.copyOf(entries.keySet());
    }

    /** The requested targets, or an exception naming the first one that is not allowlisted. */
    public List<InetSocketAddress> approve(List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            return all();
        }
        List<InetSocketAddress> approved = new ArrayList<>();
        for (String raw : requested) {
            String entry = raw == null ? "" : normalise(raw);
            InetSocketAddress address = entries.get(entry);
            if (address == null && ownSinkAlias(entry)) {
                address = entries.get(OWN_SINK);
            }
            if (address == null) {
                throw new IllegalArgumentException("network target '" + raw + "' is not in the agent's allowlist "
                        + entries.keySet());
            }
            approved.add(address);
        }
        return approved;
    }

    private boolean ownSinkAlias(String entry) {
        InetSocketAddress sink = entries.get(OWN_SINK);
        return sink != null && entry.equals(sink.getAddress().getHostAddress() + ":" + sink.getPort());
    }

    private static String normalise(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("network allowlist entries must not be blank");
        }
        return raw.trim().toLowerCase(Locale.ROOT);
    }

    private static InetSocketAddress parse(String entry) {
        int colon = entry.lastIndexOf(':');
        if (colon <= 0 || colon == entry.length() - 1) {
            throw new IllegalArgumentException("network allowlist entry '" + entry + "' must be host:port or 'sink'");
        }
        String host = entry.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(entry.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("network allowlist entry '" + entry + "' has no valid port");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("network allowlist entry '" + entry + "' has port out of range");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }
}
