package io.stressfw.kafka;

import io.stressfw.model.Topics;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ServicePrincipalTest {
    @Test
    void theTableGrantsWhatTheIssueAsks() {
        assertThat(writersOf(Topics.COMMANDS)).containsExactlyInAnyOrder(ServicePrincipal.ORCHESTRATOR, ServicePrincipal.SAFETY);
        assertThat(writersOf(Topics.VIOLATIONS)).containsExactly(ServicePrincipal.SAFETY);
        assertThat(writersOf(Topics.PHASE_EVENTS)).containsExactly(ServicePrincipal.ORCHESTRATOR);
        assertThat(writersOf(Topics.SAMPLES)).containsExactlyInAnyOrder(ServicePrincipal.METRICS, ServicePrincipal.AGENT,
                ServicePrincipal.ORCHESTRATOR);
        assertThat(writersOf(Topics.HEARTBEATS)).containsExactlyInAnyOrder(ServicePrincipal.values());
        assertThat(writersOf(Topics.DLQ)).containsExactlyInAnyOrder(ServicePrincipal.values());
        for (ServicePrincipal principal : ServicePrincipal.values()) {
            assertThat(principal.reads()).doesNotContain(Topics.DLQ);
            assertThat(Topics.ALL).containsAll(principal.writes()).containsAll(principal.reads());
        }
    }

    @Test
    void theBrokerGetsOneAclPerGrantAndNothingElse() {
        Set<AclBinding> acls = Set.copyOf(KafkaBrokerMain.acls());
        long expected = 0;
        for (ServicePrincipal principal : ServicePrincipal.values()) {
            expected += 2L * principal.writes().size() + 2L * principal.reads().size();
            if (principal.groupPrefix().isPresent()) {
                expected++;
                assertThat(acls).anySatisfy(acl -> {
                    assertThat(acl.entry().principal()).isEqualTo("User:" + principal.user());
                    assertThat(acl.pattern().name()).isEqualTo(principal.groupPrefix().get());
                    assertThat(acl.entry().operation()).isEqualTo(AclOperation.READ);
                });
            } else {
                assertThat(acls).noneSatisfy(acl -> {
                    assertThat(acl.entry().principal()).isEqualTo("User:" + principal.user());
                    assertThat(acl.pattern().resourceType()).isEqualTo(ResourceType.GROUP);
                });
            }
        }
        // A topic a principal both writes and reads needs its DESCRIBE grant once.
        long readAndWritten = java.util.Arrays.stream(ServicePrincipal.values())
                .mapToLong(p -> p.writes().stream().filter(p.reads()::contains).count()).sum();
        assertThat(acls).hasSize((int) (expected - readAndWritten));
        assertThat(acls).noneSatisfy(acl -> assertThat(acl.entry().operation()).isIn(AclOperation.ALL, AclOperation.CREATE,
                AclOperation.DELETE, AclOperation.ALTER));
    }

    private static Set<ServicePrincipal> writersOf(String topic) {
        Set<ServicePrincipal> writers = new java.util.HashSet<>();
        for (ServicePrincipal principal : ServicePrincipal.values()) {
            if (principal.writes().contains(topic)) {
                writers.add(principal);
            }
        }
        return writers;
    }
}
