package io.stressfw.launcher;

import io.stressfw.kafka.KafkaCredentials;
import io.stressfw.kafka.ServicePrincipal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the local run exposes and how it is protected. By default every service and the broker listen on 127.0.0.1
 * only and nothing asks for credentials: nobody else can reach them (and a loopback-bound service refuses requests
 * addressed to another host name, so a web page cannot either). {@code --listen ADDR} opens the run on ADDR; then
 * access control is on for every service (API keys generated here, or {@code STRESS_AUTH_API_KEYS} as given) and
 * the embedded broker takes only SASL/SCRAM clients, each service as its own principal with its ACLs.
 */
public final class RunSecurity {
    public static final String LOOPBACK = "127.0.0.1";

    private final String listenAddress;
    private final boolean secured;
    private final Map<String, String> generatedKeys;
    private final String apiKeySpec;
    private final String safetyClientKey;
    private final KafkaCredentials kafka;

    private RunSecurity(String listenAddress, boolean secured, Map<String, String> generatedKeys, String apiKeySpec,
                        String safetyClientKey, KafkaCredentials kafka) {
        this.listenAddress = listenAddress;
        this.secured = secured;
        this.generatedKeys = Map.copyOf(generatedKeys);
        this.apiKeySpec = apiKeySpec;
        this.safetyClientKey = safetyClientKey;
        this.kafka = kafka;
    }

    /**
     * @param listenAddress where the services and the broker listen
     * @param environment   the launcher's environment: {@code STRESS_AUTH_API_KEYS} there replaces generated keys
     */
    public static RunSecurity forListen(String listenAddress, Map<String, String> environment) {
        if (isLoopback(listenAddress)) {
            return new RunSecurity(listenAddress, false, Map.of(), null, null, null);
        }
        SecureRandom random = new SecureRandom();
        Map<String, String> generated = new LinkedHashMap<>();
        String given = environment.get("STRESS_AUTH_API_KEYS");
        String spec;
        if (given == null || given.isBlank()) {
            for (String role : new String[]{"admin", "operator", "viewer"}) {
                generated.put(role, key(random));
            }
            spec = generated.entrySet().stream().map(e -> e.getValue() + "=" + e.getKey())
                    .reduce((a, b) -> a + "," + b).orElseThrow();
        } else {
            spec = given.trim();
        }
        // The orchestrator's own viewer key for safety-service's pre-flight, whatever keys the operator chose.
        String safetyClient = key(random);
        return new RunSecurity(listenAddress, true, generated, spec + "," + safetyClient + "=viewer", safetyClient,
                KafkaCredentials.generate());
    }

    public static boolean isLoopback(String address) {
        String a = address.trim().toLowerCase(Locale.ROOT);
        return a.equals("localhost") || a.startsWith("127.") || a.equals("::1") || a.equals("[::1]");
    }

    public boolean secured() {
        return secured;
    }

    public String listenAddress() {
        return listenAddress;
    }

    /** The host a local client uses to reach a service: loopback when the run listens on every interface. */
    public String localHost() {
        return listenAddress.equals("0.0.0.0") || listenAddress.equals("::") ? LOOPBACK : listenAddress;
    }

    /** The name other machines reach the broker by: the address itself, or this machine's name for 0.0.0.0. */
    public String advertisedHost() {
        if (!listenAddress.equals("0.0.0.0") && !listenAddress.equals("::")) {
            return listenAddress;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return LOOPBACK;
        }
    }

    /** The generated API keys by role (empty when the keys were given or access control is off). */
    public Map<String, String> generatedKeys() {
        return generatedKeys;
    }

    /** The same run with the broker's credentials as they are (a kept broker keeps its own). */
    public RunSecurity withKafka(KafkaCredentials credentials) {
        return new RunSecurity(listenAddress, secured, generatedKeys, apiKeySpec, safetyClientKey, credentials);
    }

    public Optional<KafkaCredentials> kafka() {
        return Optional.ofNullable(kafka);
    }

    /**
     * A service's environment for this run: where it listens and, when the run is open, access control on with the
     * run's keys, and Kafka authentication required (as {@code principal} when the run's own broker is used).
     */
    public Map<String, String> serviceEnvironment(ServicePrincipal principal, boolean embeddedBroker) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_HOST", listenAddress);
        if (secured) {
            env.put("STRESS_AUTH_ENABLED", "true");
            env.put("STRESS_AUTH_API_KEYS", apiKeySpec);
            env.put("STRESS_REQUIRE_KAFKA_AUTH", "true");
            if (embeddedBroker) {
                env.putAll(kafka.serviceEnvironment(principal));
            }
            if (principal == ServicePrincipal.ORCHESTRATOR) {
                env.put("STRESS_SAFETY_API_KEY", safetyClientKey);
            }
        }
        return env;
    }

    private static String key(SecureRandom random) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
