package io.stressfw.orchestrator.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stressfw.model.Phase;
import io.stressfw.orchestrator.config.CyclePlans;
import io.stressfw.service.Problem;
import io.stressfw.service.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A request's plan and issue 19's probes: the orchestrator runs the configured plan's probes from start-up (the
 * baseline), so a plan sent with a start may carry them, with an SLO of its own, but not declare others.
 */
class InlinePlansTest {
    private static final String PHASES = """
            phases:
              - phase: light
                min_load_percent: 10
                max_load_percent: 25
                duration_seconds: 5
                cpu_weight: 1.0
            """;
    private static final String CHECKOUT = "  checkout: {type: tcp, address: \"127.0.0.1:8080\", steady_state: true}\n";

    @TempDir
    Path dir;

    private CyclePlans configured(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve("stress_cycles.yaml"), yaml);
        return new CyclePlans(() -> Optional.of(file.toString()));
    }

    private static byte[] yaml(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPlanMayCarryTheProbesThatRunWithAnSloOfItsOwn() throws Exception {
        CyclePlans plans = configured(PHASES + "probes:\n" + CHECKOUT);
        String sent = PHASES + "probes:\n" + CHECKOUT + "slo:\n  objectives: {probe.checkout.p95_ms: 150}\n";

        InlinePlans.Chosen chosen = InlinePlans.fromYaml(yaml(sent), null, plans);

        assertThat(chosen.phases()).extracting(p -> p.phase()).containsExactly(Phase.LIGHT);
        assertThat(chosen.origin().probes()).isEqualTo(plans.file().probes());
        assertThat(chosen.origin().slo().describe()).isEqualTo("probe.checkout.p95_ms <= 150");
        assertThat(chosen.origin().text()).isEqualTo(sent);
        assertThat(chosen.origin().source()).isEqualTo(PlanRefusals.REQUEST_BODY);
    }

    @Test
    void aPlanWithoutProbesIsJudgedOnTheConfiguredProbesAndSlo() throws Exception {
        CyclePlans plans = configured(PHASES + "probes:\n" + CHECKOUT + "slo:\n  objectives: {probe.checkout.p95_ms: 300}\n");

        InlinePlans.Chosen chosen = InlinePlans.fromYaml(yaml(PHASES), null, plans);

        assertThat(chosen.origin().probes()).containsOnlyKeys("checkout");
        assertThat(chosen.origin().slo().describe()).isEqualTo("probe.checkout.p95_ms <= 300");
    }

    @Test
    void aProbeThatDoesNotRunOrRunsOtherwiseIsRefusedAtItsLine() throws Exception {
        CyclePlans plans = configured(PHASES + "probes:\n" + CHECKOUT);

        Problem unknown = refused(() -> InlinePlans.fromYaml(yaml(PHASES + "probes:\n" + CHECKOUT
                + "  cart: {type: tcp, address: \"127.0.0.1:8081\"}\n"), null, plans));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.field()).isEqualTo("probes.cart");
        assertThat(unknown.line()).isEqualTo(9);
        assertThat(unknown.detail()).startsWith("request body: line 9, column 3, field 'probes.cart': no probe named "
                + "'cart' runs: probes run from the orchestrator's start-up on").contains("(checkout)");

        Problem other = refused(() -> InlinePlans.fromYaml(yaml(PHASES + "probes:\n"
                + "  checkout: {type: tcp, address: \"127.0.0.1:9999\", steady_state: true}\n"), null, plans));
        assertThat(other.field()).isEqualTo("probes.checkout");
        assertThat(other.detail()).contains("differs from the probe 'checkout' that runs");
    }

    @Test
    void aProbeInAJsonPlanIsNamedFromTheBodysRoot() throws Exception {
        CyclePlans plans = configured(PHASES);
        String body = """
                {"plan": {"phases": {"light": {"min_load": 10, "max_load": 25, "duration_seconds": 5, "cpu_weight": 1}},
                          "probes": {"db": {"type": "tcp", "address": "db:5432"}}}}
                """;

        Problem problem = refused(() -> InlinePlans.fromBody(new ObjectMapper().readTree(body), body, plans));

        assertThat(problem.field()).isEqualTo("plan.probes.db");
        assertThat(problem.line()).isEqualTo(2);
        assertThat(problem.detail()).contains("may use none (it declares none)");
    }

    private interface Call {
        Object run() throws Exception;
    }

    private static Problem refused(Call call) {
        ProblemException e = catchThrowableOfType(ProblemException.class, () -> call.run());
        assertThat(e).as("refused").isNotNull();
        return e.problem();
    }
}
