package io.stressfw.service.security;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One service's table of which role each request needs. Deny by default: a request no rule matches needs
 * {@code admin}, so a new endpoint is closed until it is given a rule. Every table starts with the same open set
 * (probes, the Prometheus scrape, the OpenAPI document and Swagger UI); each service adds its own rows with
 * {@link #builder()}.
 *
 * <p>A pattern is a path whose segments match literally, except {@code *} (exactly one segment), a segment ending
 * in {@code *} (a segment with that prefix, e.g. {@code openapi.*}) and a last segment {@code **} (one or more
 * segments). GET rules also cover HEAD. Paths are {@link #normalize normalized} before matching.
 */
public final class AccessRules {
    private final List<Row> rows;
    private final Predicate<String> staticFile;
    private final List<String[]> queryTokenPaths;

    private record Row(Access access, String method, String[] pattern) {
    }

    private AccessRules(Builder builder) {
        this.rows = List.copyOf(builder.rows);
        this.staticFile = builder.staticFile;
        this.queryTokenPaths = List.copyOf(builder.queryTokenPaths);
    }

    /** A table holding only the open set every service shares; add the service's own rows. */
    public static Builder builder() {
        return new Builder()
                .allow(Access.PUBLIC, "GET", "/q/health", "/q/health/**", "/q/metrics", "/q/openapi", "/q/openapi.*",
                        "/q/swagger-ui", "/q/swagger-ui/**");
    }

    /** What a request needs; unmatched requests need admin. */
    public Access required(String method, String rawPath) {
        if (method == null || rawPath == null) {
            throw new IllegalArgumentException("method and path are required");
        }
        String verb = method.toUpperCase(Locale.ROOT);
        if (verb.equals("HEAD")) {
            verb = "GET";
        }
        String[] path = segments(normalize(rawPath));
        for (Row row : rows) {
            if (row.method.equals(verb) && matches(row.pattern, path)) {
                return row.access;
            }
        }
        if (verb.equals("GET") && staticFile.test(normalize(rawPath))) {
            return Access.PUBLIC;
        }
        return Access.ADMIN;
    }

    /** Whether {@code ?access_token=} is accepted for this request: only GETs to the paths registered for it. */
    public boolean acceptsQueryToken(String method, String rawPath) {
        if (method == null || rawPath == null || !method.equalsIgnoreCase("GET")) {
            return false;
        }
        String[] path = segments(normalize(rawPath));
        return queryTokenPaths.stream().anyMatch(pattern -> matches(pattern, path));
    }

    /**
     * The path as the resources match it: no query, no matrix parameters, no empty, "." or ".." segments, no
     * trailing slash. A request cannot reach a resource under another rule by spelling its path differently.
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

    private static String[] segments(String normalizedPath) {
        return normalizedPath.equals("/") ? new String[0] : normalizedPath.substring(1).split("/");
    }

    private static boolean matches(String[] pattern, String[] path) {
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.equals("**") && i == pattern.length - 1) {
                return path.length > i;
            }
            if (i >= path.length) {
                return false;
            }
            if (p.equals("*")) {
                continue;
            }
            if (p.endsWith("*") ? !path[i].startsWith(p.substring(0, p.length() - 1)) : !p.equals(path[i])) {
                return false;
            }
        }
        return pattern.length == path.length;
    }

    public static final class Builder {
        private final List<Row> rows = new ArrayList<>();
        private final Set<String> seen = new LinkedHashSet<>();
        private final List<String[]> queryTokenPaths = new ArrayList<>();
        private Predicate<String> staticFile = path -> false;

        private Builder() {
        }

        /**
         * {@code method} requests to each pattern need {@code access}. The first row that matches decides, so a
         * pattern may be listed only once per method.
         */
        public Builder allow(Access access, String method, String... patterns) {
            if (access == null || method == null || method.isBlank() || patterns == null || patterns.length == 0) {
                throw new IllegalArgumentException("access, method and at least one pattern are required");
            }
            String verb = method.toUpperCase(Locale.ROOT);
            for (String pattern : patterns) {
                if (pattern == null || !pattern.startsWith("/")) {
                    throw new IllegalArgumentException("a pattern must start with '/', was " + pattern);
                }
                String normalized = normalize(pattern);
                int wildcard = normalized.indexOf("**");
                if (wildcard >= 0 && wildcard != normalized.length() - 2) {
                    throw new IllegalArgumentException("'**' may only end a pattern, was " + pattern);
                }
                if (!seen.add(verb + " " + normalized)) {
                    throw new IllegalArgumentException(verb + " " + pattern + " is listed twice");
                }
                rows.add(new Row(access, verb, segments(normalized)));
            }
            return this;
        }

        /** GETs of paths this predicate accepts (a normalized path: the service's static files) are open. */
        public Builder staticFiles(Predicate<String> isStaticFile) {
            if (isStaticFile == null) {
                throw new IllegalArgumentException("staticFile must not be null");
            }
            this.staticFile = isStaticFile;
            return this;
        }

        /**
         * GETs to these patterns may carry the bearer token as {@code ?access_token=}: browsers cannot send headers
         * on a WebSocket upgrade or an EventSource. Anywhere else the parameter is ignored.
         */
        public Builder queryToken(String... patterns) {
            for (String pattern : patterns) {
                queryTokenPaths.add(segments(normalize(pattern)));
            }
            return this;
        }

        public AccessRules build() {
            return new AccessRules(this);
        }
    }
}
