package io.stressfw.safety.kafka;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SamplesReplayBoundaryTest {
    private final SamplesReplayBoundary boundary = new SamplesReplayBoundary();

    @Test
    void recordsBelowThePartitionsEndAtItsFirstAssignmentAreHistory() {
        boundary.assigned(Map.of(0, 100L, 1, 5L));

        assertThat(boundary.isHistory(0, 99)).isTrue();
        assertThat(boundary.isHistory(0, 100)).isFalse();
        assertThat(boundary.isHistory(1, 4)).isTrue();
        assertThat(boundary.isHistory(2, 0)).as("never assigned: live").isFalse();
    }

    /** The group rebalanced (its session expired while the machine was paused): what came meanwhile is live. */
    @Test
    void aPartitionGivenBackAfterARebalanceKeepsTheBoundaryOfItsFirstAssignment() {
        boundary.assigned(Map.of(0, 100L));

        boundary.assigned(Map.of(0, 130L, 1, 40L));

        assertThat(boundary.isHistory(0, 120)).as("appended while the group rebalanced").isFalse();
        assertThat(boundary.isHistory(0, 99)).isTrue();
        assertThat(boundary.isHistory(1, 39)).as("first assigned now").isTrue();
        assertThat(boundary.liveFromOffsets()).containsExactly(Map.entry(0, 100L), Map.entry(1, 40L));
    }
}
