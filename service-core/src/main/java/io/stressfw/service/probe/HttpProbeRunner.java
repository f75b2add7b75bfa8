package io.stressfw.service.probe;

import io.stressfw.model.HttpProbeSpec;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;

/**
 * An {@link HttpProbeSpec}'s attempt: the whole exchange, body read to the end, within the timeout; an answer with a
 * status the probe does not expect is a failure (counted in the error rate), as is a timeout or a refused connection.
 */
public final class HttpProbeRunner implements ProbeRunner {
    private final HttpProbeSpec spec;
    private final HttpClient http;
    private final Clock clock;
    private final HttpRequest request;

    public HttpProbeRunner(HttpProbeSpec spec, HttpClient http, Clock clock) {
        this.spec = spec;
        this.http = http;
        this.clock = clock;
        HttpRequest.Builder builder = HttpRequest.newBuilder(spec.url()).timeout(spec.settings().timeout())
                .method(spec.method(), spec.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(spec.body()));
        spec.headers().forEach(builder::header);
        this.request = builder.build();
    }

    @Override
    public ProbeAttempt attempt() {
        return TimedExchange.attempt(http, request, HttpResponse.BodyHandlers.discarding(), clock,
                "timed out after " + spec.settings().timeout().toMillis() + " ms", (response, elapsed) ->
                        spec.expects(response.statusCode()) ? ProbeAttempt.ok(clock.millis(), elapsed)
                                : ProbeAttempt.failed(clock.millis(), elapsed, "status " + response.statusCode()));
    }
}
