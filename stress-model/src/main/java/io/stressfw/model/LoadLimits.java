package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Optional caps a command may ask for. An agent applies them only downwards: the lower of this and its own
 * configured cap wins, so a command can never raise a cap. A null field leaves the agent's own cap.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoadLimits(Double memoryMb, Double diskMb, Double networkMbps, Double ioOpsPerSecond) {
    public static final LoadLimits NONE = new LoadLimits(null, null, null, null);

    public LoadLimits {
        Checks.nonNegativeOrNull(memoryMb, "limits.memory_mb");
        Checks.nonNegativeOrNull(diskMb, "limits.disk_mb");
        Checks.nonNegativeOrNull(networkMbps, "limits.network_mbps");
        Checks.nonNegativeOrNull(ioOpsPerSecond, "limits.io_ops_per_second");
    }
}
