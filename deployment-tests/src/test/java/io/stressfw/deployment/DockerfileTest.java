package io.stressfw.deployment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Each service's src/main/docker/Dockerfile.jvm against the Quarkus fast-jar layout and the service's config. */
class DockerfileTest {
    static final List<String> ALLOWED_BASES = List.of("eclipse-temurin:17-jre", "registry.access.redhat.com/ubi9/openjdk-17-runtime");

    /** The Dockerfile's instructions, continuation lines joined, comments dropped. */
    static List<String> instructions(ServiceModule module) {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Repository.read(module.dockerfile()).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty() && current.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            instructions.add(current.toString().strip());
            current.setLength(0);
        }
        return instructions;
    }

    static List<String> arguments(ServiceModule module, String instruction) {
        return instructions(module).stream().filter(i -> i.startsWith(instruction + " "))
                .map(i -> i.substring(instruction.length() + 1).strip()).toList();
    }

    @ParameterizedTest
    @EnumSource(ServiceModule.class)
    void baseImageIsAJava17Runtime(ServiceModule module) {
        assertThat(module.dockerfile()).exists();
        assertThat(arguments(module, "FROM")).hasSize(1)
                .allSatisfy(from -> assertThat(ALLOWED_BASES).anySatisfy(base -> assertThat(from).startsWith(base)));
    }

    @ParameterizedTest
    @EnumSource(ServiceModule.class)
    void copiesTheFastJarLayoutAndRunsQuarkusRun(ServiceModule module) {
        List<String> copies = arguments(module, "COPY");
        for (String part : List.of("target/quarkus-app/lib/", "target/quarkus-app/*.jar", "target/quarkus-app/app/",
                "target/quarkus-app/quarkus/")) {
            assertThat(copies).anySatisfy(copy -> assertThat(copy).contains(part));
        }
        assertThat(arguments(module, "ENTRYPOINT")).singleElement().asString().contains("quarkus-run.jar");
        String packaging = module.config().value("quarkus.package.jar.type", Map.of());
        assertThat(packaging).as("the image expects Quarkus' fast-jar").isIn(null, "fast-jar");
    }

    @ParameterizedTest
    @EnumSource(ServiceModule.class)
    void runsAsANonRootUser(ServiceModule module) {
        List<String> users = arguments(module, "USER");
        assertThat(users).isNotEmpty();
        String user = users.get(users.size() - 1);
        assertThat(user).isNotIn("root", "0", "0:0");
        assertThat(instructions(module).get(instructions(module).size() - 1)).doesNotStartWith("USER root");
    }

    @ParameterizedTest
    @EnumSource(ServiceModule.class)
    void exposesAndHealthChecksTheConfiguredPort(ServiceModule module) {
        ServiceConfig config = module.config();
        Map<String, String> environment = environment(module);
        int port = config.httpPort(environment);
        assertThat(port).isEqualTo(config.httpPort(Map.of()));
        assertThat(arguments(module, "EXPOSE")).containsExactly(String.valueOf(port));
        assertThat(environment.keySet()).allSatisfy(name -> assertThat(
                EnvironmentCheck.isRead(module, name, Set.of()))
                .as("%s is read by %s", name, module.artifactId()).isTrue());

        List<String> healthchecks = arguments(module, "HEALTHCHECK");
        assertThat(healthchecks).hasSize(1);
        Matcher url = Pattern.compile("http://localhost:(\\S+?)(/\\S*?)\"").matcher(healthchecks.get(0));
        assertThat(url.find()).as("HEALTHCHECK asks an HTTP URL: %s", healthchecks.get(0)).isTrue();
        String portText = url.group(1).replace("${STRESS_HTTP_PORT}", environment.get("STRESS_HTTP_PORT"));
        assertThat(Integer.parseInt(portText)).isEqualTo(port);
        assertThat(url.group(2)).isEqualTo(config.livenessPath());
        if (healthchecks.get(0).contains("curl")) {
            assertThat(arguments(module, "RUN")).as("the image installs the curl its HEALTHCHECK runs")
                    .anySatisfy(run -> assertThat(run).containsPattern("install[^&]*\\bcurl\\b"));
        }
    }

    @ParameterizedTest
    @EnumSource(ServiceModule.class)
    void dataDirectoryBelongsToTheServiceUserAndIsAVolume(ServiceModule module) {
        String dataDir = environment(module).get("STRESS_DATA_DIR");
        if (module != ServiceModule.AGENT) {
            assertThat(dataDir).as("%s keeps its store under STRESS_DATA_DIR", module.artifactId()).isNotBlank();
        }
        if (dataDir != null) {
            List<String> users = arguments(module, "USER");
            String user = users.get(users.size() - 1);
            assertThat(arguments(module, "RUN")).as("a named volume copies the directory's owner from the image")
                    .anySatisfy(run -> assertThat(run).containsPattern("chown " + user + ":\\S+ [^&]*" + Pattern.quote(dataDir)));
            assertThat(arguments(module, "VOLUME")).contains(dataDir);
        }
    }

    @ParameterizedTest
    @EnumSource(ServiceModule.class)
    void imageIsNamedAfterAReactorModuleThatBuildsAQuarkusApp(ServiceModule module) {
        String rootPom = Repository.read(Repository.ROOT.resolve("pom.xml"));
        assertThat(rootPom).contains("<module>" + module.artifactId() + "</module>");
        String modulePom = Repository.read(module.directory().resolve("pom.xml"));
        assertThat(modulePom).contains("<artifactId>" + module.artifactId() + "</artifactId>")
                .as("target/quarkus-app comes from the Quarkus Maven plugin").contains("<artifactId>quarkus-maven-plugin</artifactId>");
    }

    @ParameterizedTest
    @EnumSource(ServiceModule.class)
    void buildInstructionTagsTheSharedImageName(ServiceModule module) {
        assertThat(Repository.read(module.dockerfile()))
                .contains("docker build -f " + module.artifactId() + "/src/main/docker/Dockerfile.jvm -t "
                        + Repository.image(module) + " " + module.artifactId());
    }

    @Test
    void agentImageGivesFreedMemoryChunksBackToTheOs() {
        String threshold = environment(ServiceModule.AGENT).get("MALLOC_MMAP_THRESHOLD_");
        assertThat(threshold).as("glibc mmap threshold in the agent image").isNotNull();
        int chunkMb = Integer.parseInt(ServiceModule.AGENT.config().value("stress.agent.load_generators.memory.chunk_size_mb", environment(ServiceModule.AGENT)));
        assertThat(Long.parseLong(threshold)).as("below the memory generator's chunk size").isLessThan(chunkMb * 1024L * 1024L);
    }

    /** With the JVM's defaults (C2, G1) the agent idled at more than twice the cost (docs/benchmarks.md, footprint). */
    @Test
    void agentImageRunsTheSmallJvmOfTheLocalRun() {
        assertThat(environment(ServiceModule.AGENT).get("JAVA_OPTS")).as("JAVA_OPTS of the agent image")
                .contains("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=0.1", "-Xms8m",
                        "-XX:MaxRAMPercentage=10.0");
    }

    /** The ENV instructions' variables (NAME=value pairs, quoted values allowed). */
    static Map<String, String> environment(ServiceModule module) {
        Map<String, String> environment = new java.util.LinkedHashMap<>();
        Pattern pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S+)");
        for (String env : arguments(module, "ENV")) {
            Matcher matcher = pair.matcher(env);
            while (matcher.find()) {
                environment.put(matcher.group(1), matcher.group(2).replaceAll("^\"|\"$", ""));
            }
        }
        return environment;
    }
}
