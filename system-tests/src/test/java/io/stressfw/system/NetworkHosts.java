package io.stressfw.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Several network hosts on one machine: Linux network namespaces, each with its own address, joined by veth pairs to
 * a bridge this class creates (with an address of its own, so that the test JVM reaches every host). Nothing of the
 * machine's own network is touched beyond that bridge. Everything is removed on {@link #close()}, at the JVM's exit,
 * and, should a JVM die before, by the next one: the names carry the creating JVM's pid ({@code sfw<pid>...}).
 *
 * <p>Needs root and {@code ip} (iproute2); {@link #unavailable()} says why it cannot work here.
 */
final class NetworkHosts implements AutoCloseable {
    private static final Pattern OWNED = Pattern.compile("^sfw(\\d+)-");
    private final String tag;
    private final String subnet;
    private final String bridge;
    private final List<NetworkHost> hosts = new ArrayList<>();
    private boolean closed;

    /** One namespace: its role, name, address, and the host side of its veth pair (on the bridge). */
    record NetworkHost(String role, String namespace, String address, String hostVeth) {
        /** The command prefix that runs a program on this host. */
        List<String> wrapper() {
            return List.of("ip", "netns", "exec", namespace);
        }

        /** Runs a command on this host; fails with its output if it fails. */
        String exec(String... command) {
            List<String> full = new ArrayList<>(wrapper());
            full.addAll(List.of(command));
            return run(full);
        }

        /** Drops every TCP packet this host sends to {@code address:port}: a partition, seen from here. */
        void dropTcpTo(String address, int port) {
            exec("iptables", "-A", "OUTPUT", "-p", "tcp", "-d", address, "--dport", String.valueOf(port), "-j", "DROP");
        }

        /** Removes every rule {@link #dropTcpTo} added. */
        void healPartition() {
            exec("iptables", "-F", "OUTPUT");
        }

        /** A token-bucket rate limit on this host's link, both ways ({@code tc tbf}; netem is not in this kernel). */
        void limitRate(String rate) {
            for (List<String> device : List.of(List.<String>of(), wrapper())) {
                List<String> command = new ArrayList<>(device);
                command.addAll(List.of("tc", "qdisc", "replace", "dev", device.isEmpty() ? hostVeth : "eth0", "root",
                        "tbf", "rate", rate, "burst", "32kbit", "latency", "400ms"));
                run(command);
            }
        }

        /**
         * Bytes this host sent and received so far, from its veth's counters (the host side's received bytes are
         * what the host sent).
         */
        long[] bytes() {
            return new long[]{counter("rx_bytes"), counter("tx_bytes")};
        }

        private long counter(String name) {
            try {
                return Long.parseLong(Files.readString(Path.of("/sys/class/net", hostVeth, "statistics", name)).trim());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** Removes the rate limit (a link without one is fine). */
        void unlimitRate() {
            runQuietly(List.of("tc", "qdisc", "del", "dev", hostVeth, "root"));
            List<String> inside = new ArrayList<>(wrapper());
            inside.addAll(List.of("tc", "qdisc", "del", "dev", "eth0", "root"));
            runQuietly(inside);
        }
    }

    private NetworkHosts(String tag, String subnet) {
        this.tag = tag;
        this.subnet = subnet;
        this.bridge = tag + "br";
    }

    /**
     * Why namespaces cannot be made here (not Linux, not root, no {@code ip}, no permission), or empty when they can:
     * a probe namespace is created and removed.
     */
    static Optional<String> unavailable() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return Optional.of("network namespaces need Linux; this is " + System.getProperty("os.name"));
        }
        if (!isRoot()) {
            return Optional.of("network namespaces need root (ip netns add); run the build as root, as .ci/run does");
        }
        if (which("ip").isEmpty()) {
            return Optional.of("`ip` (iproute2) is missing: apt-get install iproute2 (.ci/run installs it)");
        }
        String probe = "sfw" + ProcessHandle.current().pid() + "-probe";
        try {
            run(List.of("ip", "netns", "add", probe));
            run(List.of("ip", "netns", "del", probe));
            return Optional.empty();
        } catch (IllegalStateException e) {
            runQuietly(List.of("ip", "netns", "del", probe));
            return Optional.of("cannot create a network namespace here: " + e.getMessage());
        }
    }

    /** Skips the calling test class, saying why, where namespaces cannot be made here ({@link #unavailable()}). */
    static void assumeAvailable(Class<?> test) {
        Optional<String> why = unavailable();
        why.ifPresent(reason -> System.out.println(test.getSimpleName() + " skipped: " + reason));
        org.junit.jupiter.api.Assumptions.assumeTrue(why.isEmpty(), () -> "skipped: " + why.orElse(""));
    }

    /** Whether a command is on the PATH (iptables, tc, faketime's library is checked by its user). */
    static Optional<Path> which(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        for (String dir : List.of("/usr/sbin", "/sbin")) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The bridge and no host yet; removes what JVMs that died before left behind. */
    static NetworkHosts create() {
        removeLeftovers();
        long pid = ProcessHandle.current().pid();
        String tag = "sfw" + pid;
        String subnet = freeSubnet(pid);
        NetworkHosts network = new NetworkHosts(tag, subnet);
        Runtime.getRuntime().addShutdownHook(new Thread(network::close, "network-hosts-cleanup"));
        run(List.of("ip", "link", "add", network.bridge, "type", "bridge"));
        run(List.of("ip", "addr", "add", subnet + ".1/24", "dev", network.bridge));
        run(List.of("ip", "link", "set", network.bridge, "up"));
        return network;
    }

    /** The bridge's own address: the test JVM's address on this network (the delaying proxy listens there). */
    String bridgeAddress() {
        return subnet + ".1";
    }

    /** The subnet as an allowlist range on {@code port}, e.g. {@code 10.213.7.0/24:9100}. */
    String range(int port) {
        return subnet + ".0/24:" + port;
    }

    /** A new host named {@code role}, with the next address, its loopback up, linked to the bridge. */
    synchronized NetworkHost add(String role) {
        int index = hosts.size();
        String namespace = tag + "-" + role;
        String hostVeth = tag + "v" + index;
        String address = subnet + "." + (10 + index);
        run(List.of("ip", "netns", "add", namespace));
        run(List.of("ip", "link", "add", hostVeth, "type", "veth", "peer", "name", "eth0", "netns", namespace));
        run(List.of("ip", "link", "set", hostVeth, "master", bridge));
        run(List.of("ip", "link", "set", hostVeth, "up"));
        NetworkHost host = new NetworkHost(role, namespace, address, hostVeth);
        host.exec("ip", "link", "set", "lo", "up");
        host.exec("ip", "addr", "add", address + "/24", "dev", "eth0");
        host.exec("ip", "link", "set", "eth0", "up");
        host.exec("ip", "route", "add", "default", "via", bridgeAddress());
        hosts.add(host);
        return host;
    }

    List<NetworkHost> hosts() {
        return List.copyOf(hosts);
    }

    /** Removes every namespace and the bridge (their veth pairs go with them). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (NetworkHost host : hosts) {
            runQuietly(List.of("ip", "netns", "del", host.namespace()));
        }
        runQuietly(List.of("ip", "link", "del", bridge));
    }

    /** Namespaces and bridges named after a JVM that no longer runs. */
    private static void removeLeftovers() {
        for (String line : runQuietly(List.of("ip", "netns", "list")).split("\n")) {
            String name = line.split(" ")[0].trim();
            Matcher m = OWNED.matcher(name);
            if (m.find() && ProcessHandle.of(Long.parseLong(m.group(1))).map(ProcessHandle::isAlive).orElse(false) == false) {
                runQuietly(List.of("ip", "netns", "del", name));
            }
        }
        Pattern bridgeName = Pattern.compile("^\\d+: (sfw(\\d+)br)[:@]");
        for (String line : runQuietly(List.of("ip", "-o", "link", "show", "type", "bridge")).split("\n")) {
            Matcher m = bridgeName.matcher(line);
            if (m.find() && ProcessHandle.of(Long.parseLong(m.group(2))).map(ProcessHandle::isAlive).orElse(false) == false) {
                runQuietly(List.of("ip", "link", "del", m.group(1)));
            }
        }
    }

    /** A /24 in 10.213.0.0/16 that no address or route of this machine uses, picked from the pid. */
    private static String freeSubnet(long pid) {
        String used = runQuietly(List.of("ip", "-4", "-o", "addr", "show")) + runQuietly(List.of("ip", "-4", "route", "show"));
        for (int i = 0; i < 256; i++) {
            String candidate = "10.213." + ((pid + i) % 250 + 1);
            if (!used.contains(candidate + ".")) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free 10.213.x.0/24 subnet on this machine");
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException ignored) {
            // No /proc: not a Linux we can use.
        }
        return false;
    }

    /** Runs a command; its output, or an IllegalStateException with the output when it fails. */
    static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 30 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output.trim());
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    /** Runs a command whose failure does not matter (removing what may not exist); its output, or "". */
    static String runQuietly(List<String> command) {
        try {
            return run(command);
        } catch (IllegalStateException e) {
            return "";
        }
    }
}
