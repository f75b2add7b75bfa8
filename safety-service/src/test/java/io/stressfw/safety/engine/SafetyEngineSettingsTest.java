package io.stressfw.safety.engine;

import io.stressfw.model.SafetyAction;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SafetyEngineSettingsTest {

    @Test
    void defaultsAreTheShippedTuning() {
        SafetyEngineSettings settings = SafetyEngineSettings.defaults();
        assertThat(settings.staleGap()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.staleAction()).isEqualTo(SafetyAction.STOP);
        assertThat(settings.breakerCooldown()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.breakerHealthyPeriod()).isEqualTo(Duration.ZERO);
        assertThat(settings.stopRepeatInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.clockSkewWarning()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.forgetSourceAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.recentViolations()).isEqualTo(500);
        assertThat(settings.preflightSampleAge()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.minMemoryFreePercent()).isEqualTo(10);
        assertThat(settings.minDiskFreePercent()).isEqualTo(10);
    }

    @Test
    void theBuilderChangesOnlyWhatItIsTold() {
        SafetyEngineSettings settings = SafetyEngineSettings.builder()
                .staleGap(Duration.ofSeconds(90))
                .forgetSourceAfter(Duration.ofSeconds(120))
                .staleAction(SafetyAction.THROTTLE)
                .minDiskFreePercent(25)
                .build();
        assertThat(settings.staleGap()).isEqualTo(Duration.ofSeconds(90));
        assertThat(settings.forgetSourceAfter()).isEqualTo(Duration.ofSeconds(120));
        assertThat(settings.staleAction()).isEqualTo(SafetyAction.THROTTLE);
        assertThat(settings.minDiskFreePercent()).isEqualTo(25);
        assertThat(settings.breakerCooldown()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> SafetyEngineSettings.builder().forgetSourceAfter(Duration.ofSeconds(1)).build())
                .hasMessageContaining("forget-source-after");
        assertThatThrownBy(() -> SafetyEngineSettings.builder().staleGap(Duration.ZERO)).hasMessageContaining("stale gap");
    }

    @Test
    void everySetterRefusesAValueOutOfRangeNamingIt() {
        SafetyEngineSettings.Builder b = SafetyEngineSettings.builder();
        assertThatThrownBy(() -> b.staleAction(null)).hasMessage("stale action is required");
        assertThatThrownBy(() -> b.breakerCooldown(Duration.ofMillis(-1))).hasMessageContaining("breaker cooldown must be > 0");
        assertThatThrownBy(() -> b.breakerHealthyPeriod(Duration.ofMillis(-1))).hasMessageContaining("breaker healthy period must be >= 0");
        assertThatThrownBy(() -> b.stopRepeatInterval(null)).hasMessageContaining("stop repeat interval must be > 0");
        assertThatThrownBy(() -> b.clockSkewWarning(Duration.ZERO)).hasMessageContaining("clock skew warning must be > 0");
        assertThatThrownBy(() -> b.preflightSampleAge(Duration.ZERO)).hasMessageContaining("pre-flight sample age must be > 0");
        assertThatThrownBy(() -> b.recentViolations(0)).hasMessage("recent violations must be between 1 and 100000, was 0");
        assertThatThrownBy(() -> b.minMemoryFreePercent(150)).hasMessage("min memory free percent must be between 0 and 100, was 150");
        assertThatThrownBy(() -> b.minDiskFreePercent(Double.NaN)).hasMessageContaining("min disk free percent must be between 0 and 100");
        assertThat(b.build().recentViolations()).as("a refused value leaves the default").isEqualTo(500);
    }
}
