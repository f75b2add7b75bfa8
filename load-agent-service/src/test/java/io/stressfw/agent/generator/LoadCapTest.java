package io.stressfw.agent.generator;

import io.stressfw.model.LoadLimits;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadCapTest {
    private final LoadCap memory = LoadCap.named("memory_mb", 16).unit("mb", "MB").limitedBy(LoadLimits::memoryMb).build();

    @Test
    void aCommandMayLowerTheCapAndTheNextOneWithoutALimitRestoresIt() {
        memory.apply(new LoadLimits(4.0, null, null, null));
        assertThat(memory.effective()).isEqualTo(4);
        assertThat(memory.configured()).isEqualTo(16);
        memory.apply(LoadLimits.NONE);
        assertThat(memory.effective()).isEqualTo(16);
    }

    @Test
    void aRaiseIsRefusedWithTheFieldAndBothValuesAndNeverApplied() {
        LoadLimits raising = new LoadLimits(1600.0, null, null, null);
        assertThat(memory.refusal(raising))
                .isEqualTo("limits.memory_mb 1600.0 MB is above the agent's own cap of 16.0 MB; a command may only lower caps");
        memory.apply(raising);
        assertThat(memory.effective()).isEqualTo(16);
        assertThat(memory.refusal(new LoadLimits(16.0, null, null, null))).isNull();
    }

    @Test
    void aCapNoLimitsFieldNamesIsLeftAloneByCommands() {
        LoadCap cores = LoadCap.named("cpu_cores", 2).unit("cores", "cores").build();
        cores.apply(new LoadLimits(0.0, 0.0, 0.0, 0.0));
        assertThat(cores.effective()).isEqualTo(2);
        assertThat(cores.refusal(new LoadLimits(1e9, 1e9, 1e9, 1e9))).isNull();
    }

    @Test
    void rejectsANegativeCapAndACapWithoutUnit() {
        assertThatThrownBy(() -> LoadCap.named("disk_mb", -1)).hasMessage("disk_mb must be >= 0, was -1");
        assertThatThrownBy(() -> LoadCap.named("disk_mb", 1).build()).hasMessageContaining("unit of disk_mb");
    }
}
