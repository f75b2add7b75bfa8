package io.stressfw.metrics.rest;

import io.stressfw.metrics.MetricsConfig;
import io.stressfw.metrics.aggregation.CycleMetricsReport;
import io.stressfw.metrics.aggregation.CycleSummary;
import io.stressfw.metrics.aggregation.MetricsAggregator;
import io.stressfw.metrics.baseline.BaselineWindow;
import io.stressfw.metrics.baseline.HostBaseline;
import io.stressfw.model.Checks;
import io.stressfw.model.MetricSample;
import io.stressfw.model.SourceKind;
import io.stressfw.service.Problem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The metrics REST API: snapshot, cycle aggregates and exports, baselines. */
@Path("/metrics")
@Produces(MediaType.APPLICATION_JSON)
public class MetricsResource {
    static final int MAX_BASELINE_WINDOW_SECONDS = 3600;

    private final MetricsAggregator aggregator;
    private final MetricsConfig config;

    public MetricsResource(MetricsAggregator aggregator, MetricsConfig config) {
        this.aggregator = aggregator;
        this.config = config;
    }

    @GET
    @Path("/snapshot")
    public Snapshot snapshot() {
        long now = System.currentTimeMillis();
        Map<String, Snapshot.SourceSnapshot> hosts = new TreeMap<>();
        Map<String, Snapshot.SourceSnapshot> agents = new TreeMap<>();
        Map<String, Snapshot.SourceSnapshot> probes = new TreeMap<>();
        aggregator.latestSamples().forEach((id, received) -> {
            MetricSample s = received.sample();
            (s.sourceKind() == SourceKind.HOST ? hosts : s.sourceKind() == SourceKind.PROBE ? probes : agents)
                    .put(id, new Snapshot.SourceSnapshot(s.host(), s.timestampMs(),
                            Math.max(0, now - received.receivedAtMs()), s.cycleId(), s.phase(), s.metrics(),
                            s.generators()));
        });
        return new Snapshot(now, aggregator.currentPhase(), hosts, agents, probes, aggregator.baselineWindow().orElse(null));
    }

    @GET
    @Path("/cycles")
    public List<CycleSummary> cycles() {
        return aggregator.cycles();
    }

    @GET
    @Path("/cycles/{id}")
    public CycleMetricsReport cycle(@PathParam("id") String id) {
        return aggregator.report(id).orElseThrow(() -> unknownCycle(id));
    }

    @GET
    @Path("/cycles/{id}/export")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    public Response export(@PathParam("id") String id, @QueryParam("format") String format) {
        String chosen = format == null || format.isBlank() ? "json" : format.trim().toLowerCase(Locale.ROOT);
        if (!chosen.equals("json") && !chosen.equals("csv")) {
            throw Problem.ofField(Response.Status.BAD_REQUEST, "format", "must be json or csv, was '" + format + "'")
                    .asException();
        }
        CycleMetricsReport report = aggregator.report(id).orElseThrow(() -> unknownCycle(id));
        List<MetricSample> samples = aggregator.rawSamples(id).orElse(List.of());
        if (chosen.equals("csv")) {
            return Response.ok(CsvExport.render(samples, report.rawSamples()), "text/csv")
                    .header("Content-Disposition", "attachment; filename=\"cycle-" + safeName(id) + "-samples.csv\"")
                    .header("X-Raw-Samples-Truncated", report.rawSamples().truncated())
                    .build();
        }
        Map<String, HostBaseline> baselines = new LinkedHashMap<>(aggregator.baselines());
        return Response.ok(new CycleExport(System.currentTimeMillis(), report, baselines, report.rawSamples(), samples),
                        MediaType.APPLICATION_JSON)
                .header("X-Raw-Samples-Truncated", report.rawSamples().truncated())
                .build();
    }

    @GET
    @Path("/baseline")
    public BaselineStatus baseline() {
        return new BaselineStatus(aggregator.baselineWindow().orElse(null), new TreeMap<>(aggregator.baselines()));
    }

    /** Opens a baseline window now, of {@code window_seconds} (1..3600) or the configured length. */
    @POST
    @Path("/baseline")
    public Response startBaseline(@QueryParam("window_seconds") String windowSeconds) {
        long windowMs = config.baseline().window().toMillis();
        if (windowSeconds != null && !windowSeconds.isBlank()) {
            int seconds;
            try {
                seconds = Integer.parseInt(windowSeconds.trim());
            } catch (NumberFormatException e) {
                throw Problem.ofField(Response.Status.BAD_REQUEST, "window_seconds",
                        "must be a whole number of seconds, was '" + windowSeconds + "'").asException();
            }
            try {
                Checks.between(seconds, 1, MAX_BASELINE_WINDOW_SECONDS, "window_seconds");
            } catch (IllegalArgumentException e) {
                throw badField("window_seconds", e);
            }
            windowMs = seconds * 1000L;
        }
        long now = System.currentTimeMillis();
        BaselineWindow window = new BaselineWindow(now, now + windowMs, "request");
        if (!aggregator.startBaseline(window)) {
            BaselineWindow running = aggregator.baselineWindow().orElse(window);
            throw Problem.of(Response.Status.CONFLICT, "a baseline window is already collecting until "
                    + running.endsAtMs() + " (epoch ms)").asException();
        }
        return Response.status(Response.Status.ACCEPTED)
                .entity(new BaselineStatus(window, new TreeMap<>(aggregator.baselines()))).build();
    }

    /** A refused {@link Checks} as a 400 problem; the check's message starts with the field, which the problem names. */
    private static RuntimeException badField(String field, IllegalArgumentException refused) {
        String reason = refused.getMessage().startsWith(field + " ")
                ? refused.getMessage().substring(field.length() + 1) : refused.getMessage();
        return Problem.ofField(Response.Status.BAD_REQUEST, field, reason).asException();
    }

    private static RuntimeException unknownCycle(String id) {
        return Problem.ofField(Response.Status.NOT_FOUND, "id", "no cycle '" + id + "' is known").asException();
    }

    private static String safeName(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
