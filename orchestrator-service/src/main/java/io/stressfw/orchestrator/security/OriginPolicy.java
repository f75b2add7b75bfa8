package io.stressfw.orchestrator.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which browser pages may open the control socket. A browser sends {@code Origin} on every WebSocket handshake and
 * lets any page connect anywhere, with the user's cookies and network position; without this check any page the
 * operator has open could drive {@code /ws} (cross-site WebSocket hijacking), and with access control off it would
 * need nothing else. Allowed: the origin the request was served under (scheme, host and port of its {@code Host},
 * https when the request came over TLS or a proxy says {@code X-Forwarded-Proto: https}), and the configured origins.
 * A handshake without {@code Origin} is not from a browser (stressctl, scripts) and is left to authentication.
 */
public final class OriginPolicy {
    private final Set<String> allowed;

    /** @param allowedOrigins extra origins such as {@code https://stress.example.com} (scheme, host, optional port) */
    public OriginPolicy(List<String> allowedOrigins) {
        Set<String> normalized = new LinkedHashSet<>();
        for (String origin : allowedOrigins) {
            if (origin == null || origin.isBlank()) {
                continue;
            }
            normalized.add(normalize(origin.trim()).orElseThrow(() -> new IllegalArgumentException(
                    "stress.ws.allowed-origins: '" + origin.trim() + "' is not an origin like https://host[:port]")));
        }
        this.allowed = Set.copyOf(normalized);
    }

    /**
     * Empty when the handshake may go on; otherwise why not.
     *
     * @param origin        the {@code Origin} header, or null
     * @param host          the {@code Host} header the request was served under
     * @param servedOverTls whether the page would have reached this server over https
     */
    public Optional<String> refusal(String origin, String host, boolean servedOverTls) {
        if (origin == null) {
            return Optional.empty();
        }
        Optional<String> normalized = normalize(origin.trim());
        if (normalized.isEmpty()) {
            return Optional.of("Origin '" + origin + "' is not a web origin");
        }
        if (allowed.contains(normalized.get())) {
            return Optional.empty();
        }
        if (host != null && !host.isBlank()) {
            Optional<String> served = normalize((servedOverTls ? "https://" : "http://") + host.trim());
            if (served.isPresent() && served.get().equals(normalized.get())) {
                return Optional.empty();
            }
        }
        return Optional.of("Origin " + normalized.get() + " is neither the dashboard's own origin nor one of "
                + "stress.ws.allowed-origins " + (allowed.isEmpty() ? "(none configured)" : allowed));
    }

    /** scheme://host:port in lower case with the scheme's default port made explicit; empty for anything else. */
    static Optional<String> normalize(String origin) {
        try {
            URI uri = new URI(origin);
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null
                    || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                    || uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
                return Optional.empty();
            }
            int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
