package io.stressfw.model;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The three probe types, their defaults, and every refusal naming its field. */
class ProbeSpecParserTest {

    private static Map<String, ProbeSpec> parse(Map<String, Object> probes) {
        return ProbeSpecParser.parseAll(probes, "probes");
    }

    @Test
    void anHttpProbeReadsEveryFieldAndKeepsThePlansOrder() {
        Map<String, Object> probes = new LinkedHashMap<>();
        probes.put("checkout", Map.of("type", "http", "url", "http://shop:8080/checkout", "method", "post",
                "headers", Map.of("Content-Type", "application/json"), "body", "{}", "expected_status", List.of(200, "2xx", 409),
                "timeout", "500ms", "interval", "2s", "window", "20s", "steady_state", true));
        probes.put("db", Map.of("type", "tcp", "address", "db:5432"));

        Map<String, ProbeSpec> specs = parse(probes);

        assertThat(specs.keySet()).containsExactly("checkout", "db");
        HttpProbeSpec http = (HttpProbeSpec) specs.get("checkout");
        assertThat(http.url()).isEqualTo(URI.create("http://shop:8080/checkout"));
        assertThat(http.method()).isEqualTo("POST");
        assertThat(http.headers()).containsEntry("Content-Type", "application/json");
        assertThat(http.body()).isEqualTo("{}");
        assertThat(http.expects(201)).isTrue();
        assertThat(http.expects(409)).isTrue();
        assertThat(http.expects(302)).isFalse();
        assertThat(http.settings()).isEqualTo(new ProbeSettings("checkout", Duration.ofSeconds(2), Duration.ofMillis(500),
                Duration.ofSeconds(20), true));
        assertThat(http.toMap()).containsEntry("expected_status", List.of("2xx", 409));
    }

    @Test
    void defaultsAreAOneSecondGetExpectingTwoOrThreeHundredsOverTenSeconds() {
        HttpProbeSpec http = (HttpProbeSpec) ProbeSpecParser.parse("home", Map.of("type", "http", "url", "http://x/"), "probes.home");

        assertThat(http.method()).isEqualTo("GET");
        assertThat(http.settings()).isEqualTo(ProbeSettings.defaults("home"));
        assertThat(http.expects(200)).isTrue();
        assertThat(http.expects(399)).isTrue();
        assertThat(http.expects(400)).isFalse();
        assertThat(http.expects(500)).isFalse();
    }

    @Test
    void aShortIntervalShortensTheDefaultTimeoutAndALongOneWidensTheDefaultWindow() {
        ProbeSpec fast = ProbeSpecParser.parse("fast", Map.of("type", "tcp", "address", "h:1", "interval", "200ms"), "p");
        ProbeSpec slow = ProbeSpecParser.parse("slow", Map.of("type", "promql", "url", "http://prom:9090", "query", "up",
                "interval", "30s"), "p");

        assertThat(fast.settings().timeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(slow.settings().window()).isEqualTo(Duration.ofSeconds(30));
        assertThat(((PromqlProbeSpec) slow).query()).isEqualTo("up");
    }

    @Test
    void aTcpProbeSplitsItsAddressIncludingIpv6() {
        TcpProbeSpec v6 = (TcpProbeSpec) ProbeSpecParser.parse("v6", Map.of("type", "tcp", "address", "[::1]:8080"), "p");

        assertThat(v6.host()).isEqualTo("::1");
        assertThat(v6.port()).isEqualTo(8080);
    }

    @Test
    void everyRefusalNamesItsField() {
        assertRefused(Map.of("type", "smtp"), "probes.x.type: unknown probe type 'smtp', expected one of http, tcp, promql");
        assertRefused(Map.of("url", "http://x"), "probes.x.type: is required: http, tcp or promql");
        assertRefused(Map.of("type", "http"), "probes.x.url: is required");
        assertRefused(Map.of("type", "http", "url", "ftp://x"), "probes.x.url: must be an absolute http or https URL, was 'ftp://x'");
        assertRefused(Map.of("type", "http", "url", "http://x", "query", "up"), "probes.x.query: unknown field; expected one of "
                + "body, expected_status, headers, interval, method, run_on, steady_state, timeout, type, url, window");
        assertRefused(Map.of("type", "http", "url", "http://x", "expected_status", List.of(200, 700)),
                "probes.x.expected_status[1]: must be a status from 100 to 599 or a class such as 2xx, was '700'");
        assertRefused(Map.of("type", "http", "url", "http://x", "method", "GET", "body", "x"),
                "probes.x.body: body is not allowed with GET");
        assertRefused(Map.of("type", "http", "url", "http://x", "method", "BREW"),
                "probes.x.method: method must be one of [DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT], was 'BREW'");
        assertRefused(Map.of("type", "tcp", "address", "db"), "probes.x.address: must be host:port, was 'db'");
        assertRefused(Map.of("type", "tcp", "address", "db:70000"), "probes.x.address: address port must be between 1 and 65535, was 70000");
        assertRefused(Map.of("type", "tcp", "address", "db:1", "timeout", "2s"),
                "probes.x.timeout: timeout must be > 0 and at most the interval (1s), was 2s");
        assertRefused(Map.of("type", "tcp", "address", "db:1", "window", "500ms"),
                "probes.x.window: window must be at least the interval (1s), was 500ms");
        assertRefused(Map.of("type", "tcp", "address", "db:1", "interval", "soon"),
                "probes.x.interval: 'soon' is not a duration (e.g. 500ms, 2s, 1m)");
        assertRefused(Map.of("type", "promql", "url", "http://prom:9090"), "probes.x.query: is required");
        assertThatThrownBy(() -> ProbeSpecParser.parse("Check.out", Map.of("type", "tcp", "address", "h:1"), "probes.Check.out"))
                .isInstanceOf(ProbeFormatException.class).hasMessageStartingWith("probes.Check.out: a probe name is lower case");
    }

    private static void assertRefused(Map<String, Object> probe, String message) {
        assertThatThrownBy(() -> parse(Map.of("x", probe))).isInstanceOf(ProbeFormatException.class).hasMessage(message);
    }

    @Test
    void theProbeMetricsAreKnownMetricNamesSoThresholdsMayUseThem() {
        assertThat(MetricNames.isKnown("probe.checkout.p95_ms")).isTrue();
        assertThat(MetricNames.isKnown("probe.queue_depth")).isTrue();
        assertThat(MetricNames.isKnown("probe.checkout.p42_ms")).isFalse();
        assertThat(ProbeMetricNames.probeOf("probe.checkout.error_rate")).isEqualTo("checkout");
        assertThat(ProbeMetricNames.statOf("probe.queue_depth")).isNull();
        Map<String, ThresholdSpec> specs = ThresholdSpecParser.parseAll(
                Map.of("probe.checkout.p95_ms", Map.of("limit", 500, "for", "10s")), "safety_thresholds");
        assertThat(specs.get("probe.checkout.p95_ms").describe("probe.checkout.p95_ms")).isEqualTo("probe.checkout.p95_ms > 500 for 10s");
    }

    @Test
    void aProbeSampleTravelsWithItsSourceKind() throws Exception {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("probe.checkout.latency_ms", null);
        metrics.put("probe.checkout.error_rate", 0.5);
        MetricSample sample = new MetricSample(1, "probe:checkout", SourceKind.PROBE, "orch", 10, "c1", Phase.LIGHT, metrics, null);

        String json = WireCodec.encode(sample);

        assertThat(json).contains("\"source_kind\":\"probe\"");
        assertThat(WireCodec.decode(json, MetricSample.class)).isEqualTo(sample);
    }
}
