package io.stressfw.model;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One entry of an agent's network allowlist: where its network generator may send to. Three forms:
 * <ul>
 *   <li>{@code sink}: the agent's own discard sink;</li>
 *   <li>{@code host:port} (IPv6 as {@code [addr]:port}): exactly that target, compared literally;</li>
 *   <li>{@code cidr:ports}: any IP address in the range on a port in the set, e.g. {@code 10.0.0.0/8:9100},
 *       {@code 192.168.0.0/16:9100-9199}, {@code [fd00::/8]:*}. Only IP literals match a range: a host name never
 *       does, so no DNS answer can widen it.</li>
 * </ul>
 * The agent checks every target a command names against its rules, and the orchestrator checks a peer's announced
 * sink against them before it pairs two agents, both with this class.
 */
public final class NetworkAllowRule {
    public static final String OWN_SINK = "sink";
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private enum Kind { SINK, LITERAL, RANGE }

    private final String text;
    private final Kind kind;
    private final String host;
    private final byte[] network;
    private final int prefix;
    private final int portFrom;
    private final int portTo;

    private NetworkAllowRule(String text, Kind kind, String host, byte[] network, int prefix, int portFrom, int portTo) {
        this.text = text;
        this.kind = kind;
        this.host = host;
        this.network = network;
        this.prefix = prefix;
        this.portFrom = portFrom;
        this.portTo = portTo;
    }

    /** Reads one entry; the message of the exception names the entry and what is wrong with it. */
    public static NetworkAllowRule parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("network allowlist entries must not be blank");
        }
        String entry = raw.trim().toLowerCase(Locale.ROOT);
        if (entry.equals(OWN_SINK)) {
            return new NetworkAllowRule(entry, Kind.SINK, null, null, 0, 0, 0);
        }
        HostPort hp = HostPort.split(entry, "network allowlist entry");
        int slash = hp.host().indexOf('/');
        if (slash < 0) {
            int port = singlePort(hp.port(), entry);
            return new NetworkAllowRule(entry, Kind.LITERAL, hp.host(), null, 0, port, port);
        }
        byte[] address = ipLiteral(hp.host().substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("network allowlist entry '" + entry + "' must have an IP address before the '/'");
        }
        int bits;
        try {
            bits = Integer.parseInt(hp.host().substring(slash + 1));
        } catch (NumberFormatException e) {
            bits = -1;
        }
        if (bits < 0 || bits > address.length * 8) {
            throw new IllegalArgumentException("network allowlist entry '" + entry + "' has a prefix length outside 0-"
                    + address.length * 8);
        }
        int[] ports = portRange(hp.port(), entry);
        return new NetworkAllowRule(entry, Kind.RANGE, null, mask(address, bits), bits, ports[0], ports[1]);
    }

    /** The entry as written (trimmed, lower case). */
    public String text() {
        return text;
    }

    public boolean isOwnSink() {
        return kind == Kind.SINK;
    }

    /** A {@code host:port} entry: a target by itself, without being asked for. */
    public boolean isLiteral() {
        return kind == Kind.LITERAL;
    }

    /** The literal entry's host; null for the other forms. */
    public String literalHost() {
        return host;
    }

    /** The literal entry's port; 0 for the other forms. */
    public int literalPort() {
        return kind == Kind.LITERAL ? portFrom : 0;
    }

    /** Whether {@code target} ({@code host:port}) is allowed by this rule; the own sink's rule matches nothing here. */
    public boolean allows(String target) {
        if (target == null || kind == Kind.SINK) {
            return false;
        }
        HostPort hp;
        try {
            hp = HostPort.split(target.trim().toLowerCase(Locale.ROOT), "network target");
        } catch (IllegalArgumentException e) {
            return false;
        }
        int port;
        try {
            port = Integer.parseInt(hp.port());
        } catch (NumberFormatException e) {
            return false;
        }
        if (port < portFrom || port > portTo) {
            return false;
        }
        if (kind == Kind.LITERAL) {
            return host.equals(hp.host());
        }
        byte[] address = ipLiteral(hp.host());
        return address != null && address.length == network.length && java.util.Arrays.equals(mask(address, prefix), network);
    }

    @Override
    public String toString() {
        return text;
    }

    /** The bytes of an IPv4 or IPv6 literal, or null when {@code host} is not one (a name is never resolved). */
    static byte[] ipLiteral(String host) {
        if (IPV4.matcher(host).matches()) {
            String[] parts = host.split("\\.");
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int v = Integer.parseInt(parts[i]);
                if (v > 255) {
                    return null;
                }
                bytes[i] = (byte) v;
            }
            return bytes;
        }
        if (host.indexOf(':') >= 0 && host.matches("[0-9a-f:.]+")) {
            try {
                // A string with a colon is parsed as an IPv6 literal, never looked up.
                return InetAddress.getByName(host).getAddress();
            } catch (UnknownHostException | SecurityException e) {
                return null;
            }
        }
        return null;
    }

    private static byte[] mask(byte[] address, int bits) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            masked[i] = (byte) (masked[i] & (0xff << (8 - keep)));
        }
        return masked;
    }

    private static int singlePort(String port, String entry) {
        int[] range = portRange(port, entry);
        if (range[0] != range[1]) {
            throw new IllegalArgumentException("network allowlist entry '" + entry
                    + "' names a host: it needs one port (ranges and * are for address ranges such as 10.0.0.0/8:9100-9199)");
        }
        return range[0];
    }

    private static int[] portRange(String port, String entry) {
        if (port.equals("*")) {
            return new int[]{1, 65535};
        }
        String[] bounds = port.split("-", -1);
        try {
            int from = Integer.parseInt(bounds[0]);
            int to = bounds.length == 2 ? Integer.parseInt(bounds[1]) : from;
            if (bounds.length <= 2 && from >= 1 && to <= 65535 && from <= to) {
                return new int[]{from, to};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("network allowlist entry '" + entry + "' must end in a port 1-65535, a range "
                + "such as 9100-9199, or *");
    }

    /** {@code host:port} or {@code [v6]:port}, split at the last colon outside brackets. */
    private record HostPort(String host, String port) {
        static HostPort split(String entry, String what) {
            int colon = entry.lastIndexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new IllegalArgumentException(what + " '" + entry + "' must be host:port, cidr:ports or 'sink'");
            }
            String host = entry.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.indexOf(':') >= 0) {
                throw new IllegalArgumentException(what + " '" + entry + "': write an IPv6 address in brackets, [addr]:port");
            }
            return new HostPort(host, entry.substring(colon + 1));
        }
    }
}
