package io.stressfw.agent.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which host (node) the agent runs on: agents with the same host id share that host's target. Set it explicitly
 * ({@code STRESS_AGENT_HOST_ID}, the node name in Kubernetes); by default it is derived from the kernel's boot id,
 * which every process and container on one kernel reads the same and no other host has. Pods of a VM-isolated
 * runtime (Kata, gVisor) have a kernel of their own, and so rightly a host of their own.
 */
public final class HostId {
    public static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");
    private static final String AUTO = "auto";

    private HostId() {
    }

    /**
     * @param configured the configured id; blank or {@code auto} derives one
     * @param bootId     the kernel's boot id file
     * @param fallback   the id when there is no boot id (not Linux): the host name
     */
    public static String resolve(Optional<String> configured, Path bootId, Supplier<String> fallback) {
        String value = configured.map(String::trim).orElse("");
        if (!value.isEmpty() && !value.equalsIgnoreCase(AUTO)) {
            if (!value.matches("[A-Za-z0-9._:/-]{1,253}")) {
                throw new IllegalArgumentException("stress.agent.host_id must be 1-253 characters of A-Z a-z 0-9 . _ : / -, was '"
                        + value + "'");
            }
            return value;
        }
        try {
            String boot = Files.readString(bootId).trim().replace("-", "").toLowerCase(Locale.ROOT);
            if (boot.matches("[0-9a-f]{12,}")) {
                return "host-" + boot.substring(0, 12);
            }
        } catch (IOException | RuntimeException e) {
            // No boot id: fall back to the host name.
        }
        return fallback.get();
    }
}
