package io.stressfw.safety.engine;

import io.stressfw.model.SafetyAction;
import io.stressfw.model.Severity;
import io.stressfw.model.Versioned;
import io.stressfw.model.Violation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ViolationLogTest {

    private static Violation violation(String source) {
        return new Violation(Versioned.SCHEMA_VERSION, "v-" + source, 1, "cpu", "cpu_usage", 99.0, 95.0, Severity.CRITICAL,
                SafetyAction.STOP, source, null, null, "cpu_usage = 99 on " + source);
    }

    @Test
    void keepsTheNewestUpToItsCapacityNewestFirst() {
        ViolationLog log = new ViolationLog(3);
        for (int i = 0; i < 5; i++) {
            log.add(violation("h" + i));
        }
        assertThat(log.recent(10)).extracting(Violation::sourceId).containsExactly("h4", "h3", "h2");
        assertThat(log.recent(1)).extracting(Violation::sourceId).containsExactly("h4");
    }

    @Test
    void anEmptyLogAnswersAnEmptyList() {
        assertThat(new ViolationLog(1).recent(5)).isEmpty();
    }

    @Test
    void limitAndCapacityMustBePositive() {
        assertThatThrownBy(() -> new ViolationLog(2).recent(0)).hasMessageContaining("limit must be > 0");
        assertThatThrownBy(() -> new ViolationLog(0)).hasMessageContaining("capacity must be > 0");
    }
}
