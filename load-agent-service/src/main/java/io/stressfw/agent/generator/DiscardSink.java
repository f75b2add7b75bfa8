package io.stressfw.agent.generator;

import io.stressfw.model.Checks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP discard listener: the default target of every agent's network generator, on loopback unless it is bound to
 * an address other agents reach, which the agent then announces to them ({@link #peerAddress}) so that the
 * orchestrator can pair agents on different hosts. Its threads are load threads: draining what a generator sends is
 * part of the network load, not of the agent's own work.
 */
public final class DiscardSink implements AutoCloseable {
    private static final int MAX_CONNECTIONS = 256;
    private final LoadThreads loadThreads;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong bytesReceived = new AtomicLong();
    private volatile boolean open = true;

    /** A sink on loopback; port 0 for an ephemeral port, so that several agents can run on one machine. */
    public DiscardSink(LoadThreads loadThreads, int port) {
        this(loadThreads, InetAddress.getLoopbackAddress(), port);
    }

    /** A sink on {@code bind}: other agents can only reach it when it is not loopback. */
    public DiscardSink(LoadThreads loadThreads, InetAddress bind, int port) {
        this.loadThreads = Checks.notNull(loadThreads, "load threads");
        Checks.between(port, 0, 65535, "sink port");
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(bind, port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + bind.getHostAddress() + " port " + port + " for the network sink", e);
        }
        acceptor = loadThreads.newThread("agent-sink-accept", this::accept);
        acceptor.start();
    }

    /** Where this agent's own generator connects: loopback when the sink listens on every interface. */
    public InetSocketAddress address() {
        InetAddress bound = server.getInetAddress();
        return new InetSocketAddress(bound.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : bound, server.getLocalPort());
    }

    /** {@code host:port} of the sink as used in allowlists. */
    public String hostPort() {
        return address().getAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    /**
     * The {@code host:port} other agents reach this sink at, or empty when it listens on loopback only. A configured
     * address wins (the pod IP in Kubernetes); else the bound address, or for a sink on every interface the first
     * address of an interface that is up and not loopback (IPv4 first).
     */
    public Optional<String> peerAddress(Optional<String> configured) {
        int port = server.getLocalPort();
        Optional<String> chosen = configured.map(String::trim).filter(a -> !a.isEmpty());
        if (chosen.isPresent()) {
            return chosen.map(a -> bracketed(a) + ":" + port);
        }
        InetAddress bound = server.getInetAddress();
        if (bound.isLoopbackAddress()) {
            return Optional.empty();
        }
        if (!bound.isAnyLocalAddress()) {
            return Optional.of(bracketed(bound.getHostAddress()) + ":" + port);
        }
        return firstInterfaceAddress().map(a -> bracketed(a.getHostAddress()) + ":" + port);
    }

    private static Optional<InetAddress> firstInterfaceAddress() {
        List<InetAddress> v4 = new ArrayList<>();
        List<InetAddress> v6 = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address.isLinkLocalAddress() || address.isLoopbackAddress()) {
                        continue;
                    }
                    (address instanceof java.net.Inet4Address ? v4 : v6).add(address);
                }
            }
        } catch (SocketException e) {
            return Optional.empty();
        }
        return v4.isEmpty() ? v6.stream().findFirst() : Optional.of(v4.get(0));
    }

    private static String bracketed(String address) {
        String plain = address.replaceFirst("%.*$", "");
        return plain.indexOf(':') >= 0 && !plain.startsWith("[") ? "[" + plain + "]" : plain;
    }

    public boolean isOpen() {
        return open && !server.isClosed();
    }

    public long bytesReceived() {
        return bytesReceived.get();
    }

    public int openConnections() {
        return connections.size();
    }

    private void accept() {
        while (open) {
            try {
                Socket socket = server.accept();
                if (connections.size() >= MAX_CONNECTIONS) {
                    socket.close();
                    continue;
                }
                connections.add(socket);
                loadThreads.newThread("agent-sink-conn", () -> drain(socket)).start();
            } catch (IOException e) {
                if (!open) {
                    return;
                }
            }
        }
    }

    private void drain(Socket socket) {
        byte[] buffer = new byte[64 * 1024];
        try (socket; InputStream in = socket.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                bytesReceived.addAndGet(n);
            }
        } catch (SocketException e) {
            // The peer went away or the sink is closing: either way this connection is done.
        } catch (IOException e) {
            // Same: a discard sink has nothing to report about one broken connection.
        } finally {
            connections.remove(socket);
        }
    }

    @Override
    public void close() {
        open = false;
        try {
            server.close();
        } catch (IOException e) {
            // Closing a listener that failed is still closed.
        }
        for (Socket socket : connections) {
            try {
                socket.close();
            } catch (IOException e) {
                // Already broken.
            }
        }
    }
}
