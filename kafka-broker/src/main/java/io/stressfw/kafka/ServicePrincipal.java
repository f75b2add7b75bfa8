package io.stressfw.kafka;

import io.stressfw.model.Topics;

import java.util.Optional;
import java.util.Set;

/**
 * The Kafka principal of each service and what it may do: the one ACL table of the platform. The embedded broker
 * applies it ({@link KafkaBrokerMain}); the Kubernetes manifests state it twice, as {@code kafka-acls.sh} lines
 * for the plain broker and as Strimzi {@code KafkaUser} ACLs, and deployment-tests check both against this enum.
 * What is not granted is refused: only the orchestrator and safety write commands, only safety writes violations,
 * only the orchestrator writes phase events; nobody but an operator reads the dead letters.
 */
public enum ServicePrincipal {
    /** The orchestrator also writes samples: those of its SLO probes (probe:<name>). */
    ORCHESTRATOR("stressfw-orchestrator", "orchestrator-",
            Set.of(Topics.COMMANDS, Topics.PHASE_EVENTS, Topics.SAMPLES, Topics.HEARTBEATS, Topics.DLQ),
            Set.of(Topics.SAMPLES, Topics.VIOLATIONS, Topics.HEARTBEATS)),
    SAFETY("stressfw-safety", "safety-service-",
            Set.of(Topics.COMMANDS, Topics.VIOLATIONS, Topics.HEARTBEATS, Topics.DLQ),
            Set.of(Topics.SAMPLES, Topics.PHASE_EVENTS)),
    METRICS("stressfw-metrics", "metrics-",
            Set.of(Topics.SAMPLES, Topics.HEARTBEATS, Topics.DLQ),
            Set.of(Topics.SAMPLES, Topics.PHASE_EVENTS)),
    /**
     * Agents also read heartbeats: the agents on one host find their peers there (load scope). They read every
     * partition assigned, without a consumer group, so they may use none.
     */
    AGENT("stressfw-agent", null,
            Set.of(Topics.SAMPLES, Topics.HEARTBEATS, Topics.DLQ),
            Set.of(Topics.COMMANDS, Topics.VIOLATIONS, Topics.HEARTBEATS));

    /** The super user that creates topics, users and ACLs; no service runs as it. */
    public static final String ADMIN = "admin";

    private final String user;
    private final String groupPrefix;
    private final Set<String> writes;
    private final Set<String> reads;

    ServicePrincipal(String user, String groupPrefix, Set<String> writes, Set<String> reads) {
        this.user = user;
        this.groupPrefix = groupPrefix;
        this.writes = writes;
        this.reads = reads;
    }

    /** The SASL user name; the ACL principal is {@code User:<user>}. */
    public String user() {
        return user;
    }

    /** Consumer groups this service may use (every group id it configures starts with this); none for the agents. */
    public Optional<String> groupPrefix() {
        return Optional.ofNullable(groupPrefix);
    }

    public Set<String> writes() {
        return writes;
    }

    public Set<String> reads() {
        return reads;
    }

    public static ServicePrincipal ofUser(String user) {
        for (ServicePrincipal principal : values()) {
            if (principal.user.equals(user)) {
                return principal;
            }
        }
        throw new IllegalArgumentException("no service principal '" + user + "'");
    }
}
