package io.stressfw.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.stressfw.model.PlanValues.checked;
import static io.stressfw.model.PlanValues.sub;

/**
 * Reads a plan's {@code probes:} section: an object keyed by probe name, each entry with {@code type} ({@code http},
 * {@code tcp}, {@code promql}), the common {@code interval}, {@code timeout}, {@code window}, {@code steady_state},
 * {@code run_on} ({@code orchestrator}, the default, or {@code agents}: http and tcp only) and the type's own fields. Unknown fields are refused, and every error names its field
 * ({@code probes.checkout.expected_status[1]: ...}).
 *
 * <pre>
 * probes:
 *   checkout: {type: http, url: "http://shop:8080/checkout", method: POST, body: "{}",
 *              headers: {Content-Type: application/json}, expected_status: [200, 201], timeout: 500ms}
 *   db:       {type: tcp, address: "db:5432", interval: 2s}
 *   queue_depth: {type: promql, url: "http://prometheus:9090", query: "sum(queue_depth)", interval: 5s, window: 30s}
 * </pre>
 */
public final class ProbeSpecParser {
    private static final Set<String> COMMON = Set.of("type", "interval", "timeout", "window", "steady_state", "run_on");
    private static final Map<ProbeType, Set<String>> OWN = Map.of(
            ProbeType.HTTP, Set.of("url", "method", "headers", "body", "expected_status"),
            ProbeType.TCP, Set.of("address"),
            ProbeType.PROMQL, Set.of("url", "query"));

    private ProbeSpecParser() {
    }

    /** The probes by name, in the plan's order; null is none. */
    public static Map<String, ProbeSpec> parseAll(Object value, String field) {
        if (value == null) {
            return Map.of();
        }
        Map<?, ?> map = PlanValues.object(value, field, "probe name -> probe");
        Map<String, ProbeSpec> probes = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String name = String.valueOf(entry.getKey());
            probes.put(name, parse(name, entry.getValue(), sub(field, name)));
        }
        return Collections.unmodifiableMap(probes);
    }

    public static ProbeSpec parse(String name, Object value, String field) {
        if (!ProbeMetricNames.NAME.matcher(name).matches()) {
            throw new ProbeFormatException(field, "a probe name is lower case letters, digits, '_' or '-', starting "
                    + "with a letter (at most 63)");
        }
        Map<?, ?> map = PlanValues.object(value, field, "a probe with a type (http, tcp, promql)");
        if (map.get("type") == null) {
            throw new ProbeFormatException(sub(field, "type"), "is required: http, tcp or promql");
        }
        ProbeType type = checked(sub(field, "type"), () -> ProbeType.fromWire(PlanValues.text(map.get("type"), sub(field, "type"))));
        Set<String> allowed = new TreeSet<>(COMMON);
        allowed.addAll(OWN.get(type));
        PlanValues.onlyKeys(map, field, allowed);
        ProbeSettings settings = settings(name, map, field);
        if (type == ProbeType.PROMQL && settings.runOn() == ProbeSite.AGENTS) {
            throw new ProbeFormatException(sub(field, "run_on"), "agents runs http and tcp probes only: a PromQL query "
                    + "reads the same Prometheus from every node (leave run_on out for the orchestrator)");
        }
        return switch (type) {
            case HTTP -> http(settings, map, field);
            case TCP -> tcp(settings, map, field);
            case PROMQL -> checked(field, () -> new PromqlProbeSpec(settings, url(map, field),
                    PlanValues.text(required(map, "query", field), sub(field, "query"))));
        };
    }

    private static ProbeSettings settings(String name, Map<?, ?> map, String field) {
        Duration interval = map.get("interval") == null ? ProbeSettings.DEFAULT_INTERVAL
                : PlanValues.duration(map.get("interval"), sub(field, "interval"));
        // An interval below the default timeout shortens the default timeout with it.
        Duration timeout = map.get("timeout") == null
                ? (interval.compareTo(ProbeSettings.DEFAULT_TIMEOUT) < 0 ? interval : ProbeSettings.DEFAULT_TIMEOUT)
                : PlanValues.duration(map.get("timeout"), sub(field, "timeout"));
        Duration window = map.get("window") == null
                ? (interval.compareTo(ProbeSettings.DEFAULT_WINDOW) > 0 ? interval : ProbeSettings.DEFAULT_WINDOW)
                : PlanValues.duration(map.get("window"), sub(field, "window"));
        boolean steady = map.get("steady_state") != null && PlanValues.flag(map.get("steady_state"), sub(field, "steady_state"));
        ProbeSite runOn = map.get("run_on") == null ? ProbeSite.ORCHESTRATOR : checked(sub(field, "run_on"),
                () -> ProbeSite.fromWire(PlanValues.text(map.get("run_on"), sub(field, "run_on"))));
        String about = map.get("timeout") != null ? "timeout" : map.get("window") != null ? "window" : "interval";
        return checked(sub(field, about), () -> new ProbeSettings(name, interval, timeout, window, steady, runOn));
    }

    private static HttpProbeSpec http(ProbeSettings settings, Map<?, ?> map, String field) {
        URI url = url(map, field);
        String method = map.get("method") == null ? "GET"
                : PlanValues.text(map.get("method"), sub(field, "method")).toUpperCase(Locale.ROOT);
        Map<String, String> headers = new LinkedHashMap<>();
        if (map.get("headers") != null) {
            Map<?, ?> given = PlanValues.object(map.get("headers"), sub(field, "headers"), "header name -> value");
            given.forEach((k, v) -> {
                if (v == null || v instanceof Map || v instanceof List) {
                    throw new ProbeFormatException(sub(sub(field, "headers"), String.valueOf(k)), "must be a text value");
                }
                headers.put(String.valueOf(k), String.valueOf(v));
            });
        }
        String body = map.get("body") == null ? null : String.valueOf(map.get("body"));
        Set<Integer> expected = map.get("expected_status") == null ? HttpProbeSpec.defaultExpectedStatus()
                : statuses(map.get("expected_status"), sub(field, "expected_status"));
        String about = map.get("body") != null ? "body" : "method";
        return checked(sub(field, about), () -> new HttpProbeSpec(settings, url, method, headers, body, expected));
    }

    private static TcpProbeSpec tcp(ProbeSettings settings, Map<?, ?> map, String field) {
        String addressField = sub(field, "address");
        String address = PlanValues.text(required(map, "address", field), addressField);
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new ProbeFormatException(addressField, "must be host:port, was '" + address + "'");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ProbeFormatException(addressField, "must be host:port, was '" + address + "'");
        }
        String h = host;
        return checked(addressField, () -> new TcpProbeSpec(settings, h, port));
    }

    private static URI url(Map<?, ?> map, String field) {
        String text = PlanValues.text(required(map, "url", field), sub(field, "url"));
        try {
            URI uri = new URI(text);
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) || uri.getHost() == null) {
                throw new ProbeFormatException(sub(field, "url"), "must be an absolute http or https URL, was '" + text + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ProbeFormatException(sub(field, "url"), "'" + text + "' is not a URL: " + e.getReason());
        }
    }

    private static Set<Integer> statuses(Object value, String field) {
        List<?> list = value instanceof List<?> l ? l : List.of(value);
        if (list.isEmpty()) {
            throw new ProbeFormatException(field, "must name at least one status (200, or a class such as 2xx)");
        }
        Set<Integer> statuses = new TreeSet<>();
        for (int i = 0; i < list.size(); i++) {
            String item = String.valueOf(list.get(i)).trim().toLowerCase(Locale.ROOT);
            String itemField = field + "[" + i + "]";
            if (item.matches("[1-5]xx")) {
                int hundred = (item.charAt(0) - '0') * 100;
                for (int s = hundred; s < hundred + 100; s++) {
                    statuses.add(s);
                }
            } else if (item.matches("[1-5][0-9][0-9]")) {
                statuses.add(Integer.parseInt(item));
            } else {
                throw new ProbeFormatException(itemField, "must be a status from 100 to 599 or a class such as 2xx, was '"
                        + list.get(i) + "'");
            }
        }
        return statuses;
    }

    private static Object required(Map<?, ?> map, String key, String field) {
        Object value = map.get(key);
        if (value == null) {
            throw new ProbeFormatException(sub(field, key), "is required");
        }
        return value;
    }
}
