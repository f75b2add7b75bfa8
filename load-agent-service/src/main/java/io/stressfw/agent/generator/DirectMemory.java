package io.stressfw.agent.generator;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;

/**
 * Off-heap chunks for the memory generator: allocated outside the Java heap (so heap sizing and GC never get in the
 * way), written page by page so they are resident, and freed at once through the buffer's cleaner rather than
 * whenever the GC gets round to it.
 */
public final class DirectMemory {
    public static final int PAGE_BYTES = 4096;
    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
        Object unsafe = null;
        Method cleaner = null;
        try {
            Class<?> type = Class.forName("sun.misc.Unsafe");
            Field field = type.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            unsafe = field.get(null);
            cleaner = type.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unsafe = null;
            cleaner = null;
        }
        UNSAFE = unsafe;
        INVOKE_CLEANER = cleaner;
    }

    private DirectMemory() {
    }

    /** Allocates {@code bytes} off-heap and writes every page; throws OutOfMemoryError past -XX:MaxDirectMemorySize. */
    public static ByteBuffer allocateResident(int bytes) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes);
        for (int offset = 0; offset < bytes; offset += PAGE_BYTES) {
            buffer.put(offset, (byte) 0x5A);
        }
        return buffer;
    }

    /** Frees a direct buffer now; the caller must drop every reference to it. */
    public static void release(ByteBuffer buffer) {
        if (buffer == null || !buffer.isDirect()) {
            return;
        }
        if (INVOKE_CLEANER != null) {
            try {
                INVOKE_CLEANER.invoke(UNSAFE, buffer);
            } catch (ReflectiveOperationException e) {
                // Falls back to the GC freeing it with the buffer object; the reference is gone either way.
            }
        }
    }

    public static boolean immediateReleaseSupported() {
        return INVOKE_CLEANER != null;
    }

    /** The JVM's direct memory limit in bytes (-XX:MaxDirectMemorySize, whose default is the maximum heap size). */
    public static long maxDirectBytes() {
        try {
            com.sun.management.HotSpotDiagnosticMXBean bean =
                    ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            long configured = Long.parseLong(bean.getVMOption("MaxDirectMemorySize").getValue());
            return configured > 0 ? configured : Runtime.getRuntime().maxMemory();
        } catch (RuntimeException e) {
            return Runtime.getRuntime().maxMemory();
        }
    }

    /** Direct memory in use by the whole JVM right now (all direct buffers, not only ours). */
    public static long usedDirectBytes() {
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if ("direct".equals(pool.getName())) {
                return pool.getMemoryUsed();
            }
        }
        return 0;
    }
}
