package io.stressfw.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

/**
 * Hands a secured broker JVM its passwords in a file only its owner can read (never on the command line, which
 * every user of the machine can see): {@code admin.password} and {@code user.<name>.password} per principal.
 */
final class BrokerSecurityFile {
    private BrokerSecurityFile() {
    }

    static Path write(Path file, KafkaCredentials credentials) {
        Properties properties = new Properties();
        properties.setProperty("admin.password", credentials.adminPassword());
        for (ServicePrincipal principal : ServicePrincipal.values()) {
            properties.setProperty("user." + principal.user() + ".password", credentials.password(principal));
        }
        try {
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                properties.store(out, "passwords of the embedded broker's SCRAM users");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static KafkaCredentials read(Path file) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<ServicePrincipal, String> passwords = new EnumMap<>(ServicePrincipal.class);
        for (ServicePrincipal principal : ServicePrincipal.values()) {
            passwords.put(principal, properties.getProperty("user." + principal.user() + ".password"));
        }
        return KafkaCredentials.of(properties.getProperty("admin.password"), passwords);
    }
}
