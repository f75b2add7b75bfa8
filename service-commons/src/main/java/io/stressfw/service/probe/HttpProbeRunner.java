package io.stressfw.service.probe;

import io.stressfw.model.HttpProbeSpec;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
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
        long start = System.nanoTime();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            double elapsed = Elapsed.since(start);
            if (!spec.expects(response.statusCode())) {
                return ProbeAttempt.failed(clock.millis(), elapsed, "status " + response.statusCode());
            }
            return ProbeAttempt.ok(clock.millis(), elapsed);
        } catch (HttpTimeoutException e) {
            return ProbeAttempt.failed(clock.millis(), Elapsed.since(start), "timed out after "
                    + spec.settings().timeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeAttempt.failed(clock.millis(), Elapsed.since(start), "interrupted");
        } catch (Exception e) {
            return ProbeAttempt.failed(clock.millis(), Elapsed.since(start), Elapsed.describe(e));
        }
    }
}
