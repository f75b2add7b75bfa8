package io.stressfw.kafka;

import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SCRAM passwords of a secured broker: the admin's and one per {@link ServicePrincipal}. Generated at random
 * (hex, so they never need quoting in a JAAS line or a {@code --add-scram} argument), or given.
 */
public final class KafkaCredentials {
    public static final String MECHANISM = "SCRAM-SHA-512";
    public static final String PROTOCOL = "SASL_PLAINTEXT";

    private final String adminPassword;
    private final Map<ServicePrincipal, String> passwords;

    private KafkaCredentials(String adminPassword, Map<ServicePrincipal, String> passwords) {
        this.adminPassword = checked(adminPassword, ServicePrincipal.ADMIN);
        passwords.forEach((principal, password) -> checked(password, principal.user()));
        if (passwords.size() != ServicePrincipal.values().length) {
            throw new IllegalArgumentException("a password is required for every service principal");
        }
        this.passwords = Map.copyOf(passwords);
    }

    /** Fresh random passwords (24 bytes each). */
    public static KafkaCredentials generate() {
        SecureRandom random = new SecureRandom();
        Map<ServicePrincipal, String> passwords = new EnumMap<>(ServicePrincipal.class);
        for (ServicePrincipal principal : ServicePrincipal.values()) {
            passwords.put(principal, randomHex(random));
        }
        return new KafkaCredentials(randomHex(random), passwords);
    }

    public static KafkaCredentials of(String adminPassword, Map<ServicePrincipal, String> passwords) {
        return new KafkaCredentials(adminPassword, passwords);
    }

    public String adminPassword() {
        return adminPassword;
    }

    public String password(ServicePrincipal principal) {
        return passwords.get(principal);
    }

    /** A Kafka client's security settings for this principal ({@code security.protocol}, mechanism, JAAS line). */
    public Map<String, String> clientConfig(ServicePrincipal principal) {
        return clientConfig(principal.user(), password(principal));
    }

    /** The admin's client settings: topics, users and ACLs. */
    public Map<String, String> adminClientConfig() {
        return clientConfig(ServicePrincipal.ADMIN, adminPassword);
    }

    /**
     * The same settings as a service's environment ({@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM},
     * {@code KAFKA_SASL_JAAS_CONFIG}), which Quarkus passes to every Kafka client of the service.
     */
    public Map<String, String> serviceEnvironment(ServicePrincipal principal) {
        Map<String, String> env = new LinkedHashMap<>();
        clientConfig(principal).forEach((key, value) -> env.put("KAFKA_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_'), value));
        return env;
    }

    public static Map<String, String> clientConfig(String user, String password) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("security.protocol", PROTOCOL);
        config.put("sasl.mechanism", MECHANISM);
        config.put("sasl.jaas.config", scramJaas(user, password));
        return config;
    }

    static String scramJaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    private static String checked(String password, String user) {
        if (password == null || !password.matches("[A-Za-z0-9._~+/-]{16,}")) {
            throw new IllegalArgumentException("the password of " + user + " must be 16 or more letters, digits or ._~+/-");
        }
        return password;
    }

    private static String randomHex(SecureRandom random) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
