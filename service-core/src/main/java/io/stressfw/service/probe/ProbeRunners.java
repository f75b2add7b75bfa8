package io.stressfw.service.probe;

import io.stressfw.model.HttpProbeSpec;
import io.stressfw.model.ProbeSpec;
import io.stressfw.model.PromqlProbeSpec;
import io.stressfw.model.TcpProbeSpec;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

/** The runner of each probe type. One HTTP client serves every http and promql probe (HTTP/1.1, no redirects). */
public final class ProbeRunners {
    private final HttpClient http;
    private final Clock clock;

    public ProbeRunners(Clock clock) {
        this.clock = clock;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    public ProbeRunner of(ProbeSpec spec) {
        if (spec instanceof HttpProbeSpec h) {
            return new HttpProbeRunner(h, http, clock);
        }
        if (spec instanceof TcpProbeSpec t) {
            return new TcpProbeRunner(t, clock);
        }
        return new PromqlProbeRunner((PromqlProbeSpec) spec, http, clock);
    }
}
