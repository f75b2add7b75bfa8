package io.stressfw.orchestrator.security;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which role each request of the control surface needs. Validating a plan
 * ({@code POST /plans/validate}) starts nothing: a viewer may. Anything not listed needs {@code admin} (resetting breakers,
 * {@code POST /breakers/...}, included), so a new endpoint is closed until it is given a rule here.
 */
public final class AccessRules {
    private static final Set<String> VIEWER_READS = Set.of("/status", "/phases", "/agents", "/cycles", "/metrics/stream", "/ws",
            "/breakers");
    private static final Set<String> OPERATOR_ACTIONS = Set.of("/cycle/start", "/cycle/quick", "/cycle/stop", "/load/adjust");
    private static final Set<String> PUBLIC_EXACT = Set.of("/q/health", "/q/metrics", "/q/openapi", "/q/swagger-ui");
    private static final String[] PUBLIC_PREFIXES = {"/q/health/", "/q/swagger-ui/", "/q/openapi."};
    /** The paths whose bearer token may also come as {@code ?access_token=}: browsers cannot set headers there. */
    private static final Set<String> QUERY_TOKEN_PATHS = Set.of("/ws", "/metrics/stream");

    private final Predicate<String> staticFile;

    /** @param staticFile whether a normalized path names one of the dashboard's static files */
    public AccessRules(Predicate<String> staticFile) {
        if (staticFile == null) {
            throw new IllegalArgumentException("staticFile must not be null");
        }
        this.staticFile = staticFile;
    }

    public Access required(String method, String rawPath) {
        if (method == null || rawPath == null) {
            throw new IllegalArgumentException("method and path are required");
        }
        String path = normalize(rawPath);
        String verb = method.toUpperCase(Locale.ROOT);
        boolean read = verb.equals("GET") || verb.equals("HEAD");
        if (read) {
            if (PUBLIC_EXACT.contains(path) || startsWithAny(path)) {
                return Access.PUBLIC;
            }
            if (VIEWER_READS.contains(path) || isCycleReport(path)) {
                return Access.VIEWER;
            }
            if (staticFile.test(path)) {
                return Access.PUBLIC;
            }
            return Access.ADMIN;
        }
        if (verb.equals("POST")) {
            if (path.equals("/emergency/stop") || path.equals("/plans/validate")) {
                return Access.VIEWER;
            }
            if (OPERATOR_ACTIONS.contains(path)) {
                return Access.OPERATOR;
            }
        }
        return Access.ADMIN;
    }

    /** Whether {@code ?access_token=} is accepted for this request (the WebSocket upgrade and the SSE stream). */
    public static boolean acceptsQueryToken(String method, String rawPath) {
        return method != null && rawPath != null && method.equalsIgnoreCase("GET")
                && QUERY_TOKEN_PATHS.contains(normalize(rawPath));
    }

    /**
     * The path as the resources match it: no matrix parameters, no empty, "." or ".." segments, no trailing slash.
     * A request cannot reach a resource under another rule by spelling its path differently.
     */
    public static String normalize(String rawPath) {
        String path = rawPath;
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : path.split("/")) {
            int matrix = segment.indexOf(';');
            String s = matrix >= 0 ? segment.substring(0, matrix) : segment;
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                segments.pollLast();
                continue;
            }
            segments.addLast(s);
        }
        return "/" + String.join("/", segments);
    }

    private static boolean isCycleReport(String path) {
        return path.startsWith("/cycles/") && path.indexOf('/', "/cycles/".length()) < 0;
    }

    private static boolean startsWithAny(String path) {
        for (String prefix : PUBLIC_PREFIXES) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
