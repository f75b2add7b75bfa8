package io.stressfw.service.security;

import java.util.Locale;

/**
 * Loopback names and addresses. A service bound to loopback can still be reached by any web page the operator has
 * open, through DNS rebinding: the page's own name is made to resolve to 127.0.0.1, so the browser sends
 * {@code Host: attacker.example} to this port and treats the answers as the page's own. Such a service answers only
 * requests whose {@code Host} is a loopback name ({@link LoopbackHostFilter}).
 */
public final class LoopbackHosts {
    private LoopbackHosts() {
    }

    /** Whether a bind address ({@code quarkus.http.host}) is loopback only. */
    public static boolean isLoopbackBind(String bindHost) {
        return bindHost != null && isLoopbackName(bindHost.trim());
    }

    /** Whether a {@code Host} header (with or without a port) names this machine's loopback interface. */
    public static boolean isLoopbackHostHeader(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String host = hostHeader.trim();
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 && isLoopbackName(host.substring(0, end + 1));
        }
        int colon = host.lastIndexOf(':');
        return isLoopbackName(colon >= 0 ? host.substring(0, colon) : host);
    }

    private static boolean isLoopbackName(String name) {
        String host = name.toLowerCase(Locale.ROOT);
        if (host.equals("localhost") || host.endsWith(".localhost") || host.equals("::1") || host.equals("[::1]")) {
            return true;
        }
        String[] octets = host.split("\\.");
        if (octets.length != 4 || !octets[0].equals("127")) {
            return false;
        }
        for (String octet : octets) {
            if (!octet.matches("\\d{1,3}") || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }
}
