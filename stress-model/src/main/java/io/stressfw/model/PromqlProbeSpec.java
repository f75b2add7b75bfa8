package io.stressfw.model;

import java.net.URI;
import java.util.Map;

/**
 * A PromQL probe: an instant query ({@code GET <url>/api/v1/query?query=...}) whose value becomes the metric
 * {@code probe.<name>}. The query must answer one number (a scalar or a one-series vector); anything else is an
 * error of the attempt, never a made-up value.
 */
public record PromqlProbeSpec(ProbeSettings settings, URI url, String query) implements ProbeSpec {
    public PromqlProbeSpec {
        Checks.notNull(settings, "settings");
        Checks.notNull(url, "url");
        if (!("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))
                || url.getHost() == null) {
            throw new IllegalArgumentException("url must be the Prometheus server's http or https URL, was '" + url + "'");
        }
        Checks.notBlank(query, "query");
    }

    @Override
    public ProbeType type() {
        return ProbeType.PROMQL;
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> map = settings.toMap(type());
        map.put("url", url.toString());
        map.put("query", query);
        return map;
    }
}
