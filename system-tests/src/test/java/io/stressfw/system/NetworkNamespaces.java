package io.stressfw.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Network hosts on one machine: Linux network namespaces, each joined by a veth pair to a bridge that has an address
 * of its own (a process in the root namespace, such as the broker, listens there and every namespace reaches it).
 * Every name and the /24 carry a random part so that runs never meet; {@link #close()} deletes what was created, also
 * after a failure. Needs root and iproute2; {@link #unavailable()} says why not when they are missing.
 */
final class NetworkNamespaces implements AutoCloseable {
    private final String prefix;
    private final String subnet;
    private final String bridge;
    private final List<Host> hosts = new ArrayList<>();

    /** One network host: its namespace, its address and the host end of its veth (whose counters see its traffic). */
    record Host(String namespace, String address, String veth) {
        /** Bytes the host sent (received by the veth's host end) and received, from the veth's counters. */
        long[] bytes() {
            return new long[]{counter(veth, "rx_bytes"), counter(veth, "tx_bytes")};
        }

        /** A command run inside the namespace. */
        List<String> inside(List<String> command) {
            List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
            full.addAll(command);
            return full;
        }
    }

    private NetworkNamespaces(String prefix, String subnet) {
        this.prefix = prefix;
        this.subnet = subnet;
        this.bridge = prefix + "br";
    }

    /** Why namespaces cannot be made here, or null when they can. */
    static String unavailable() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "network namespaces need root (running as " + System.getProperty("user.name") + ")";
        }
        try {
            Process probe = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
            if (!probe.waitFor(10, TimeUnit.SECONDS) || probe.exitValue() != 0) {
                return "'ip netns list' failed: " + new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
            return null;
        } catch (IOException e) {
            return "iproute2's 'ip' is missing (apt-get install iproute2): " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** A bridge with the first address of a random 10.x.y.0/24. */
    static NetworkNamespaces create() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String tag = Integer.toHexString(0x1000 + random.nextInt(0xefff));
        NetworkNamespaces namespaces = new NetworkNamespaces("sfs" + tag, "10." + (200 + random.nextInt(50)) + "."
                + random.nextInt(1, 255));
        try {
            namespaces.run("ip", "link", "add", namespaces.bridge, "type", "bridge");
            namespaces.run("ip", "addr", "add", namespaces.bridgeAddress() + "/24", "dev", namespaces.bridge);
            namespaces.run("ip", "link", "set", namespaces.bridge, "up");
            return namespaces;
        } catch (RuntimeException e) {
            namespaces.close();
            throw e;
        }
    }

    /** The bridge's address: the root namespace as the other hosts reach it. */
    String bridgeAddress() {
        return subnet + ".1";
    }

    /** The subnet as an allowlist range on {@code port}, e.g. {@code 10.213.7.0/24:9100}. */
    String range(int port) {
        return subnet + ".0/24:" + port;
    }

    /** A new network host with the next address of the subnet. */
    Host add(String name) {
        String namespace = prefix + name;
        String address = subnet + "." + (hosts.size() + 2);
        String veth = prefix + "v" + name;
        Host host = new Host(namespace, address, veth);
        hosts.add(host);
        run("ip", "netns", "add", namespace);
        run("ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", namespace);
        run("ip", "link", "set", veth, "master", bridge, "up");
        run("ip", "netns", "exec", namespace, "ip", "addr", "add", address + "/24", "dev", "eth0");
        run("ip", "netns", "exec", namespace, "ip", "link", "set", "eth0", "up");
        run("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up");
        return host;
    }

    @Override
    public void close() {
        for (Host host : hosts) {
            runQuietly("ip", "netns", "delete", host.namespace());
            runQuietly("ip", "link", "delete", host.veth());
        }
        runQuietly("ip", "link", "delete", bridge);
    }

    private static long counter(String veth, String name) {
        try {
            return Long.parseLong(Files.readString(Path.of("/sys/class/net", veth, "statistics", name)).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void run(String... command) {
        String output = runQuietly(command);
        if (output != null) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    /** Runs a command; null when it succeeded, else its output. */
    private static String runQuietly(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "timed out";
            }
            return process.exitValue() == 0 ? null : output.trim();
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
