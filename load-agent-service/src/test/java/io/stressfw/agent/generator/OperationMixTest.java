package io.stressfw.agent.generator;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OperationMixTest {
    @Test
    void picksOperationsInProportionToTheirShares() {
        OperationMix mix = new OperationMix(2, 1, 1);
        assertThat(mix.pick(0.0)).isEqualTo(OperationMix.Operation.READ);
        assertThat(mix.pick(0.49)).isEqualTo(OperationMix.Operation.READ);
        assertThat(mix.pick(0.6)).isEqualTo(OperationMix.Operation.WRITE);
        assertThat(mix.pick(0.9)).isEqualTo(OperationMix.Operation.SEEK);
    }

    @Test
    void afterASeekComesAReadOrAWriteInProportion() {
        OperationMix mix = new OperationMix(3, 1, 4);
        assertThat(mix.readOrWrite(0.0)).isEqualTo(OperationMix.Operation.READ);
        assertThat(mix.readOrWrite(0.74)).isEqualTo(OperationMix.Operation.READ);
        assertThat(mix.readOrWrite(0.76)).isEqualTo(OperationMix.Operation.WRITE);
        assertThat(new OperationMix(0, 1, 1).readOrWrite(0.0)).isEqualTo(OperationMix.Operation.WRITE);
    }

    @Test
    void aMixOfSeeksAloneIsRefused() {
        assertThatThrownBy(() -> new OperationMix(0, 0, 1)).hasMessageContaining("needs a read or a write share");
    }

    @Test
    void rejectsUnknownOperationsAndAllZeroShares() {
        assertThatThrownBy(() -> OperationMix.of(Map.of("delete", 1.0))).hasMessageContaining("unknown operation");
        assertThatThrownBy(() -> new OperationMix(0, 0, 0)).hasMessageContaining("at least one");
    }
}
