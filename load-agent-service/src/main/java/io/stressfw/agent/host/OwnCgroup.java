package io.stressfw.agent.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The agent's own cgroup, as the kernel places the process: {@code /proc/self/cgroup} names the cgroup of each
 * hierarchy, {@code /proc/self/mountinfo} says where each hierarchy is mounted. Works for cgroup v2 (one unified
 * hierarchy), v1 (one per controller: cpu, memory) and for a container that sees only its own subtree (cgroup
 * namespace) as well as for a process on a host that sees the whole tree. A limit counts when it is set on the own
 * cgroup or on any ancestor up to the mount's root: the tightest one is the one in force.
 */
public final class OwnCgroup {
    private static final long NO_LIMIT = Long.MAX_VALUE / 2;

    private final Path v2Dir;
    private final Path v2Root;
    private final Map<String, Path> v1Dirs;
    private final Map<String, Path> v1Roots;
    private final String path;

    private OwnCgroup(Path v2Dir, Path v2Root, Map<String, Path> v1Dirs, Map<String, Path> v1Roots, String path) {
        this.v2Dir = v2Dir;
        this.v2Root = v2Root;
        this.v1Dirs = v1Dirs;
        this.v1Roots = v1Roots;
        this.path = path;
    }

    /** The cgroup of this process. */
    public static OwnCgroup ofThisProcess() {
        return read(Path.of("/"));
    }

    /**
     * The cgroup described by {@code root}/proc/self/cgroup and {@code root}/proc/self/mountinfo, whose mount points
     * are looked up under {@code root} (a test's fake tree; {@code /} for the real one). Missing files give a cgroup
     * without limits.
     */
    public static OwnCgroup read(Path root) {
        List<String> membership = lines(root.resolve("proc/self/cgroup"));
        List<String> mounts = lines(root.resolve("proc/self/mountinfo"));
        String v2Path = null;
        Map<String, String> v1Paths = new LinkedHashMap<>();
        for (String line : membership) {
            String[] f = line.split(":", 3);
            if (f.length != 3) {
                continue;
            }
            if (f[0].equals("0") && f[1].isEmpty()) {
                v2Path = f[2];
            } else {
                for (String controller : f[1].split(",")) {
                    v1Paths.put(controller, f[2]);
                }
            }
        }
        Path v2Dir = null;
        Path v2Root = null;
        Map<String, Path> v1Dirs = new LinkedHashMap<>();
        Map<String, Path> v1Roots = new LinkedHashMap<>();
        for (String line : mounts) {
            Mount mount = Mount.parse(line);
            if (mount == null) {
                continue;
            }
            if (mount.fsType.equals("cgroup2") && v2Path != null && v2Dir == null) {
                v2Root = under(root, mount.mountPoint);
                v2Dir = resolve(v2Root, mount.root, v2Path);
            } else if (mount.fsType.equals("cgroup")) {
                for (String option : mount.superOptions.split(",")) {
                    String cgroupPath = v1Paths.get(option);
                    if (cgroupPath != null && !v1Dirs.containsKey(option)) {
                        Path mountDir = under(root, mount.mountPoint);
                        v1Roots.put(option, mountDir);
                        v1Dirs.put(option, resolve(mountDir, mount.root, cgroupPath));
                    }
                }
            }
        }
        // v1 hosts often mount a unified hierarchy for systemd alone; the controllers are in v1 then.
        boolean v1Controllers = v1Dirs.containsKey("cpu") || v1Dirs.containsKey("memory");
        String path = v1Controllers ? v1Paths.getOrDefault("memory", v1Paths.getOrDefault("cpu", "/"))
                : v2Path != null ? v2Path : "/";
        return new OwnCgroup(v1Controllers ? null : v2Dir, v1Controllers ? null : v2Root, v1Dirs, v1Roots, path);
    }

    /** The cgroup's path in its hierarchy, e.g. {@code /kubepods/pod1234/abcd} or {@code /} (the root). */
    public String path() {
        return path;
    }

    /** The CPU quota in cores (v2 {@code cpu.max}, v1 CFS quota over period), tightest of the cgroup and its ancestors. */
    public OptionalDouble cpuQuotaCores() {
        double best = Double.NaN;
        for (Path dir : chain(v2Dir, v2Root)) {
            Optional<String> max = firstLine(dir.resolve("cpu.max"));
            if (max.isPresent()) {
                String[] f = max.get().trim().split("\\s+");
                if (f.length == 2 && !f[0].equals("max")) {
                    best = min(best, Double.parseDouble(f[0]) / Double.parseDouble(f[1]));
                }
            }
        }
        for (Path dir : chain(v1Dirs.get("cpu"), v1Roots.get("cpu"))) {
            OptionalLong quota = number(dir.resolve("cpu.cfs_quota_us"));
            OptionalLong period = number(dir.resolve("cpu.cfs_period_us"));
            if (quota.isPresent() && period.isPresent() && quota.getAsLong() > 0 && period.getAsLong() > 0) {
                best = min(best, quota.getAsLong() / (double) period.getAsLong());
            }
        }
        return Double.isNaN(best) ? OptionalDouble.empty() : OptionalDouble.of(best);
    }

    /** The memory limit in bytes (v2 {@code memory.max}, v1 {@code memory.limit_in_bytes}), tightest on the way up. */
    public OptionalLong memoryLimitBytes() {
        long best = Long.MAX_VALUE;
        for (Path dir : chain(v2Dir, v2Root)) {
            best = Math.min(best, number(dir.resolve("memory.max")).orElse(Long.MAX_VALUE));
        }
        for (Path dir : chain(v1Dirs.get("memory"), v1Roots.get("memory"))) {
            best = Math.min(best, number(dir.resolve("memory.limit_in_bytes")).orElse(Long.MAX_VALUE));
        }
        // v1 reports "no limit" as a page-rounded Long.MAX_VALUE.
        return best >= NO_LIMIT ? OptionalLong.empty() : OptionalLong.of(best);
    }

    /** Memory the own cgroup uses now (v2 {@code memory.current}, v1 {@code memory.usage_in_bytes}). */
    public OptionalLong memoryUsageBytes() {
        if (v2Dir != null) {
            return number(v2Dir.resolve("memory.current"));
        }
        Path v1 = v1Dirs.get("memory");
        return v1 == null ? OptionalLong.empty() : number(v1.resolve("memory.usage_in_bytes"));
    }

    /** The directories from the cgroup's own up to the mount's root, own first; empty when unknown. */
    private static List<Path> chain(Path dir, Path mountRoot) {
        List<Path> chain = new ArrayList<>();
        if (dir == null) {
            return chain;
        }
        for (Path p = dir; p != null && p.startsWith(mountRoot); p = p.getParent()) {
            chain.add(p);
            if (p.equals(mountRoot)) {
                break;
            }
        }
        return chain;
    }

    private static double min(double best, double value) {
        return Double.isNaN(best) ? value : Math.min(best, value);
    }

    /** The directory of {@code cgroupPath} under a mount of the hierarchy whose root is {@code mountRoot}. */
    private static Path resolve(Path mountDir, String mountRoot, String cgroupPath) {
        String relative = cgroupPath;
        if (!mountRoot.equals("/") && (cgroupPath.equals(mountRoot) || cgroupPath.startsWith(mountRoot + "/"))) {
            relative = cgroupPath.substring(mountRoot.length());
        }
        relative = relative.replaceFirst("^/+", "");
        // A process outside the mount's subtree (cgroup namespace trickery) sees its own cgroup as the mount itself.
        if (relative.startsWith("..")) {
            return mountDir;
        }
        return relative.isEmpty() ? mountDir : mountDir.resolve(relative);
    }

    private static Path under(Path root, String absolute) {
        return root.resolve(absolute.replaceFirst("^/+", ""));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.isReadable(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Optional<String> firstLine(Path file) {
        return lines(file).stream().findFirst();
    }

    private static OptionalLong number(Path file) {
        return firstLine(file).map(String::trim).filter(s -> s.matches("\\d+"))
                .map(s -> OptionalLong.of(Long.parseLong(s))).orElse(OptionalLong.empty());
    }

    /** One line of mountinfo: {@code id parent major:minor root mountpoint options [optional...] - fstype source super}. */
    private record Mount(String root, String mountPoint, String fsType, String superOptions) {
        static Mount parse(String line) {
            String[] f = line.split(" ");
            int dash = -1;
            for (int i = 6; i < f.length; i++) {
                if (f[i].equals("-")) {
                    dash = i;
                    break;
                }
            }
            if (dash < 0 || dash + 1 >= f.length) {
                return null;
            }
            String superOptions = dash + 3 < f.length ? f[dash + 3] : "";
            return new Mount(unescape(f[3]), unescape(f[4]), f[dash + 1], superOptions);
        }

        /** mountinfo writes a space as \040 and so on. */
        private static String unescape(String s) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                    i += 3;
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }
}
