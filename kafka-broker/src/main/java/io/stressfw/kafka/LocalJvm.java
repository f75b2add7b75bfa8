package io.stressfw.kafka;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * What the JVMs of a local run (the broker, the services) may be told. They run on the {@code java.home} of the JVM
 * that starts them, so this JVM answers for theirs.
 */
public final class LocalJvm {
    /** The newest Java release checked to take {@link #WITHOUT_CLASSPATH_VERIFICATION} (17 and 25 run here). */
    static final int NEWEST_CHECKED_FEATURE = 25;
    static final List<String> WITHOUT_CLASSPATH_VERIFICATION =
            List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-BytecodeVerificationRemote");

    private LocalJvm() {
    }

    /** Whether this JVM knows a product {@code -XX} option (diagnostic ones answer only once unlocked). */
    public static boolean knows(String option) {
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(option);
            return true;
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }

    /**
     * No bytecode verification of the classpath's classes. A local run loads only what its own build produced and the
     * dependencies that build resolved and compiled against, and it verified all of it again at every start: about a
     * tenth of each JVM's CPU to ready (the platform ready about 3 s sooner on two cores), and 6-8 MB of RSS per JVM
     * (docs/benchmarks.md, "Footprint").
     * The JDK's own classes are never verified either (BytecodeVerificationLocal is off by default). The price: a
     * malformed class would crash the JVM instead of failing with a VerifyError. Container images keep verification.
     * Empty on a JVM that is not HotSpot, or newer than the releases checked to have the diagnostic option.
     */
    public static List<String> withoutClasspathVerification() {
        return withoutClasspathVerification(knows("UnlockDiagnosticVMOptions"), Runtime.version().feature());
    }

    static List<String> withoutClasspathVerification(boolean hotSpot, int feature) {
        return hotSpot && feature <= NEWEST_CHECKED_FEATURE ? WITHOUT_CLASSPATH_VERIFICATION : List.of();
    }
}
