package io.stressfw.model;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An HTTP probe: {@code method url} with optional headers and body; an attempt is good when it answers within the
 * timeout with one of {@code expected_status} (default any 2xx or 3xx). Reports latency, percentiles and error rate.
 */
public record HttpProbeSpec(ProbeSettings settings, URI url, String method, Map<String, String> headers, String body,
                            Set<Integer> expectedStatus) implements ProbeSpec {
    public static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    public HttpProbeSpec {
        Checks.notNull(settings, "settings");
        Checks.notNull(url, "url");
        if (!("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))
                || url.getHost() == null) {
            throw new IllegalArgumentException("url must be an absolute http or https URL, was '" + url + "'");
        }
        Checks.notBlank(method, "method");
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("method must be one of " + new TreeSet<>(METHODS) + ", was '" + method + "'");
        }
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        if (body != null && (method.equals("GET") || method.equals("HEAD"))) {
            throw new IllegalArgumentException("body is not allowed with " + method);
        }
        Checks.notNull(expectedStatus, "expected_status");
        if (expectedStatus.isEmpty()) {
            throw new IllegalArgumentException("expected_status must name at least one status");
        }
        for (int status : expectedStatus) {
            Checks.between(status, 100, 599, "expected_status");
        }
        expectedStatus = Collections.unmodifiableSet(new TreeSet<>(expectedStatus));
    }

    /** Any 2xx or 3xx. */
    public static Set<Integer> defaultExpectedStatus() {
        Set<Integer> statuses = new TreeSet<>();
        for (int s = 200; s < 400; s++) {
            statuses.add(s);
        }
        return statuses;
    }

    @Override
    public ProbeType type() {
        return ProbeType.HTTP;
    }

    public boolean expects(int status) {
        return expectedStatus.contains(status);
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> map = settings.toMap(type());
        map.put("url", url.toString());
        map.put("method", method);
        map.put("headers", headers);
        if (body != null) {
            map.put("body", body);
        }
        map.put("expected_status", compact(expectedStatus));
        return map;
    }

    /** Whole classes as {@code 2xx}, the rest one by one. */
    private static List<Object> compact(Set<Integer> statuses) {
        List<Object> out = new ArrayList<>();
        for (int hundred = 100; hundred < 600; hundred += 100) {
            boolean whole = true;
            for (int s = hundred; s < hundred + 100 && whole; s++) {
                whole = statuses.contains(s);
            }
            if (whole) {
                out.add(hundred / 100 + "xx");
            } else {
                for (int s = hundred; s < hundred + 100; s++) {
                    if (statuses.contains(s)) {
                        out.add(s);
                    }
                }
            }
        }
        return out;
    }
}
