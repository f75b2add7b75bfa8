package io.stressfw.orchestrator.probe;

import io.stressfw.model.ProbeSpec;
import io.stressfw.model.ProbeSpecParser;
import io.stressfw.service.probe.ProbeAttempt;
import io.stressfw.service.probe.ProbeRunner;
import io.stressfw.service.probe.ProbeRunners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each probe type against a real server on loopback: what counts as a success, a failure and a value. */
class ProbeRunnersTest {
    private final KnobService service = new KnobService();
    private final ProbeRunners runners = new ProbeRunners(Clock.systemUTC());

    @AfterEach
    void stop() {
        service.close();
    }

    private ProbeSpec probe(Map<String, Object> fields) {
        return ProbeSpecParser.parse("p", fields, "probes.p");
    }

    @Test
    void anHttpProbeSendsItsMethodHeadersAndBodyAndTimesTheExchange() {
        ProbeSpec spec = probe(Map.of("type", "http", "url", service.uri("/checkout?x=1").toString(), "method", "POST",
                "headers", Map.of("X-Probe", "yes"), "body", "{\"cart\":1}"));

        ProbeAttempt attempt = runners.of(spec).attempt();

        assertThat(attempt.failed()).as(attempt.error() == null ? "" : attempt.error()).isFalse();
        assertThat(attempt.elapsedMs()).isPositive();
        assertThat(service.lastRequest()).isEqualTo("POST /checkout?x=1 yes {\"cart\":1}");
    }

    @Test
    void anUnexpectedStatusIsAFailureNamingTheStatus() {
        service.status(503);
        ProbeAttempt attempt = runners.of(probe(Map.of("type", "http", "url", service.uri("/").toString()))).attempt();

        assertThat(attempt.error()).isEqualTo("status 503");
        service.status(404);
        ProbeAttempt expected = runners.of(probe(Map.of("type", "http", "url", service.uri("/").toString(),
                "expected_status", List.of(404)))).attempt();
        assertThat(expected.failed()).isFalse();
    }

    @Test
    void aSlowAnswerPastTheTimeoutIsAFailureThatCostsTheTimeout() throws Exception {
        ProbeAttempt attempt;
        // Connected by the kernel's backlog, never answered.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            attempt = runners.of(probe(Map.of("type", "http", "url", "http://127.0.0.1:" + silent.getLocalPort() + "/",
                    "timeout", "200ms", "interval", "1s"))).attempt();
        }

        assertThat(attempt.error()).isEqualTo("timed out after 200 ms");
        assertThat(attempt.elapsedMs()).isGreaterThanOrEqualTo(200);
    }

    @Test
    void latencyGrowsWithTheServicesWork() {
        ProbeRunner runner = runners.of(probe(Map.of("type", "http", "url", service.uri("/").toString(), "timeout", "1s")));
        double light = median(runner, 5);
        service.work(20_000_000);
        double heavy = median(runner, 5);

        assertThat(heavy).isGreaterThan(light * 2);
    }

    private static double median(ProbeRunner runner, int n) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            ProbeAttempt attempt = runner.attempt();
            assertThat(attempt.failed()).as(String.valueOf(attempt.error())).isFalse();
            values[i] = attempt.elapsedMs();
        }
        java.util.Arrays.sort(values);
        return values[n / 2];
    }

    @Test
    void aTcpProbeTimesTheConnectAndFailsOnARefusal() throws Exception {
        int closedPort;
        try (ServerSocket open = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ProbeAttempt up = runners.of(probe(Map.of("type", "tcp", "address", "127.0.0.1:" + open.getLocalPort()))).attempt();
            assertThat(up.failed()).isFalse();
            closedPort = open.getLocalPort();
        }

        ProbeAttempt down = runners.of(probe(Map.of("type", "tcp", "address", "127.0.0.1:" + closedPort))).attempt();

        assertThat(down.error()).startsWith("ConnectException");
    }

    @Test
    void aPromqlProbeReadsAScalarOrOneSeriesAndRefusesAnythingElse() {
        ProbeRunner runner = runners.of(probe(Map.of("type", "promql", "url", service.uri("/").toString(),
                "query", "sum(queue_depth{app=\"shop\"})")));
        service.body("""
                {"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1795000000.1,"1234.5"]}]}}""");

        ProbeAttempt vector = runner.attempt();

        assertThat(vector.value()).isEqualTo(1234.5);
        assertThat(service.lastRequest()).startsWith("GET /api/v1/query?query=sum%28queue_depth%7Bapp%3D%22shop%22%7D%29 ");
        Map<String, String> answers = new HashMap<>();
        answers.put("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1795000000.1,\"7\"]}}", null);
        answers.put("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}", "query returned no series");
        answers.put("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"value\":[1,\"1\"]},{\"value\":[1,\"2\"]}]}}",
                "query returned 2 series; aggregate them to one (sum, max, ...)");
        answers.put("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"NaN\"]}}", "query returned NaN");
        answers.put("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char 4\"}",
                "prometheus: bad_data: parse error at char 4");
        answers.put("<html>proxy error</html>", "status 200, not a Prometheus answer");
        answers.forEach((answer, error) -> {
            service.body(answer);
            ProbeAttempt attempt = runner.attempt();
            assertThat(attempt.error()).as(answer).isEqualTo(error);
            if (error == null) {
                assertThat(attempt.value()).isEqualTo(7);
            }
        });
    }
}
