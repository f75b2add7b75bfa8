package io.stressfw.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A free port on loopback for a process that binds it later (a service's JVM, seconds after the port was picked; a
 * broker; a Prometheus). A port from {@code bind(0)} is in the kernel's ephemeral range, where every outgoing
 * connection of the machine also takes its local port: between the pick and the bind one of them took it once (a
 * test stack's orchestrator died with "Port 33011 seems to be in use"). So the port is picked below that range, which
 * no connection and no {@code bind(0)} uses, and never twice from one JVM; {@code bind(0)} only where the range leaves
 * no room below it.
 */
public final class LoopbackPorts {
    /** Below the registered ports most servers of a developer machine listen on. */
    static final int LOWEST = 10_000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int ATTEMPTS = 200;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private LoopbackPorts() {
    }

    /** A port nothing listens on now, below the ephemeral range when there is room (see the class comment). */
    public static int free() {
        int ephemeralLow = ephemeralLow();
        if (ephemeralLow - LOWEST >= 1_000) {
            for (int i = 0; i < ATTEMPTS; i++) {
                int port = ThreadLocalRandom.current().nextInt(LOWEST, ephemeralLow);
                if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
                    return port;
                }
            }
        }
        return anyFree();
    }

    /** The first port of the kernel's ephemeral range; 0 where the kernel does not say (then {@code bind(0)} is used). */
    static int ephemeralLow() {
        try {
            // readAllLines: Files.readString read one byte of this /proc file (size 0) on JDK 17.
            return Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException unknown) {
            return 0;
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static int anyFree() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }
}
