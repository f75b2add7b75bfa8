package io.stressfw.launcher;

import io.stressfw.kafka.LoopbackPorts;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;

/** The ports of a run: free ones picked for tests, fixed ones checked before anything starts. */
final class Ports {
    private Ports() {
    }

    /** {@code port}, or a free port on loopback when it is 0 ({@link LoopbackPorts}: never one a connection may take). */
    static int orFree(int port) {
        return port != 0 ? port : LoopbackPorts.free();
    }

    /**
     * Fails, naming the port and who needed it, when one of {@code ports} (name to port) is taken: a service would
     * otherwise die during start-up with a bind error deep in its log, or worse, the launcher would report another
     * process's health as its own.
     */
    static void requireFree(Map<String, Integer> ports) {
        ports.forEach((name, port) -> {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(port));
            } catch (IOException e) {
                throw new IllegalStateException("port " + port + " (" + name + ") is in use by another process: stop it,"
                        + " or choose other ports (--port-base, --kafka-port)");
            }
        });
    }
}
