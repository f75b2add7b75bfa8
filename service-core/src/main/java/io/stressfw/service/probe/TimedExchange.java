package io.stressfw.service.probe;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.util.function.BiFunction;

/**
 * One HTTP exchange of a probe, timed on the monotonic clock from the send to the answer read to the end: the answer
 * is judged by the probe ({@code judge} gets it and the elapsed milliseconds); a timeout, a refused connection or any
 * other failure is a failed attempt with its reason. HTTP and PromQL probes differ only in the judging.
 */
final class TimedExchange {
    private TimedExchange() {
    }

    static <T> ProbeAttempt attempt(HttpClient http, HttpRequest request, HttpResponse.BodyHandler<T> body, Clock clock,
                                    String timedOut, BiFunction<HttpResponse<T>, Double, ProbeAttempt> judge) {
        long start = System.nanoTime();
        try {
            HttpResponse<T> response = http.send(request, body);
            return judge.apply(response, Elapsed.since(start));
        } catch (HttpTimeoutException e) {
            return ProbeAttempt.failed(clock.millis(), Elapsed.since(start), timedOut);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeAttempt.failed(clock.millis(), Elapsed.since(start), "interrupted");
        } catch (Exception e) {
            return ProbeAttempt.failed(clock.millis(), Elapsed.since(start), Elapsed.describe(e));
        }
    }
}
