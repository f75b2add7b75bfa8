package io.stressfw.launcher;

import io.stressfw.kafka.ServicePrincipal;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@code ./stress up} prints about access: nothing more than "loopback only" for the default run; for an open
 * run the API keys to use and where the credentials a remote agent needs are kept (files only the user can read).
 */
final class RunSecurityReport {
    private RunSecurityReport() {
    }

    static void print(LocalStack stack, PrintStream out) {
        RunSecurity security = stack.security();
        if (!security.secured()) {
            out.println("Access          this machine only (127.0.0.1), no keys; ./stress up --listen 0.0.0.0 opens it with keys");
            return;
        }
        out.println("Access          listening on " + security.listenAddress()
                + ": every request needs Authorization: Bearer <key>");
        if (security.generatedKeys().isEmpty()) {
            out.println("  API keys      the ones in STRESS_AUTH_API_KEYS");
        } else {
            Path keys = writePrivate(stack.workDir().resolve("api-keys"), security.generatedKeys().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n", "", "\n")));
            security.generatedKeys().forEach((role, key) -> out.printf("  %-13s %s%n", role, key));
            out.println("  (also in " + keys + ")");
        }
        security.kafka().filter(credentials -> stack.broker().isPresent()).ifPresent(credentials -> {
            Path agentEnv = writePrivate(stack.workDir().resolve("kafka").resolve("agent.env"),
                    environment(stack.bootstrapServers(), credentials.serviceEnvironment(ServicePrincipal.AGENT)));
            out.println("  Kafka         SASL/SCRAM with ACLs; an agent on another machine needs " + agentEnv);
        });
    }

    private static String environment(String bootstrap, Map<String, String> kafka) {
        StringBuilder text = new StringBuilder("KAFKA_BOOTSTRAP_SERVERS=" + bootstrap + "\n");
        kafka.forEach((name, value) -> text.append(name).append("='").append(value).append("'\n"));
        return text.toString();
    }

    private static Path writePrivate(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
