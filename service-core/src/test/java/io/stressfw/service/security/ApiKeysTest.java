package io.stressfw.service.security;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeysTest {
    private static final String ADMIN_KEY = "admin-key-0123456789";
    private static final String OPERATOR_KEY = "operator-key-0123456789";
    private static final String VIEWER_KEY = "viewer-key-0123456789";

    @Test
    void parsesKeyRolePairsSeparatedByCommas() {
        ApiKeys keys = ApiKeys.parse(ADMIN_KEY + "=admin, " + OPERATOR_KEY + "=operator," + VIEWER_KEY + "=viewer");
        assertThat(keys.size()).isEqualTo(3);
        assertThat(keys.roleOf(ADMIN_KEY)).contains(Role.ADMIN);
        assertThat(keys.roleOf(OPERATOR_KEY)).contains(Role.OPERATOR);
        assertThat(keys.roleOf(VIEWER_KEY)).contains(Role.VIEWER);
        assertThat(keys.countByRole()).isEqualTo(Map.of(Role.ADMIN, 1, Role.OPERATOR, 1, Role.VIEWER, 1));
    }

    @Test
    void acceptsOneEntryPerLineAsAMountedSecretFileHoldsThem() {
        ApiKeys keys = ApiKeys.parse(ADMIN_KEY + "=ADMIN\r\n" + VIEWER_KEY + "=Viewer\n\n");
        assertThat(keys.roleOf(ADMIN_KEY)).contains(Role.ADMIN);
        assertThat(keys.roleOf(VIEWER_KEY)).contains(Role.VIEWER);
    }

    @Test
    void splitsAtTheLastEqualsSoBase64PaddingMayEndAKey() {
        String padded = "c2VjcmV0LWtleS0xMjM0NTY3==";
        assertThat(ApiKeys.parse(padded + "=operator").roleOf(padded)).contains(Role.OPERATOR);
    }

    @Test
    void unknownKeysAndPrefixesOfKeysHaveNoRole() {
        ApiKeys keys = ApiKeys.parse(ADMIN_KEY + "=admin");
        assertThat(keys.roleOf("someone-elses-key-000")).isEmpty();
        assertThat(keys.roleOf(ADMIN_KEY.substring(0, ADMIN_KEY.length() - 1))).isEmpty();
        assertThat(keys.roleOf("")).isEmpty();
        assertThat(keys.roleOf(null)).isEmpty();
    }

    @Test
    void anEmptySpecMeansNoKeys() {
        assertThat(ApiKeys.parse(null).isEmpty()).isTrue();
        assertThat(ApiKeys.parse("  ").isEmpty()).isTrue();
        assertThat(ApiKeys.parse(" , ").isEmpty()).isTrue();
    }

    @Test
    void anUnknownRoleIsAClearErrorNamingTheEntryButNotTheKey() {
        assertThatThrownBy(() -> ApiKeys.parse(ADMIN_KEY + "=admin," + VIEWER_KEY + "=viewr"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry 2")
                .hasMessageContaining("unknown role 'viewr'")
                .hasMessageContaining("viewer, operator, admin")
                .hasMessageNotContaining(VIEWER_KEY);
    }

    @Test
    void refusesMalformedShortDuplicatedOrOddKeys() {
        assertThatThrownBy(() -> ApiKeys.parse(ADMIN_KEY)).hasMessageContaining("entry 1 is not key=role");
        assertThatThrownBy(() -> ApiKeys.parse(ADMIN_KEY + "=")).hasMessageContaining("entry 1 is not key=role");
        assertThatThrownBy(() -> ApiKeys.parse("=admin")).hasMessageContaining("entry 1 is not key=role");
        assertThatThrownBy(() -> ApiKeys.parse("short=admin")).hasMessageContaining("shorter than 16")
                .hasMessageNotContaining("short=");
        assertThatThrownBy(() -> ApiKeys.parse(ADMIN_KEY + "=admin," + ADMIN_KEY + "=viewer"))
                .hasMessageContaining("entry 2: the same key is listed twice");
        assertThatThrownBy(() -> ApiKeys.parse("key with spaces 1234=admin")).hasMessageContaining("may hold only");
    }

    @Test
    void aFingerprintNamesAKeyWithoutRevealingIt() {
        String fingerprint = ApiKeys.fingerprint(ADMIN_KEY);
        assertThat(fingerprint).startsWith("api-key-").hasSize("api-key-".length() + 12).doesNotContain(ADMIN_KEY);
        assertThat(ApiKeys.fingerprint(ADMIN_KEY)).isEqualTo(fingerprint);
        assertThat(ApiKeys.fingerprint(VIEWER_KEY)).isNotEqualTo(fingerprint);
    }

    @Test
    void rolesIncludeTheWeakerOnes() {
        assertThat(Role.ADMIN.impliedNames()).containsExactly("viewer", "operator", "admin");
        assertThat(Role.VIEWER.impliedNames()).containsExactly("viewer");
        assertThat(Role.OPERATOR.includes(Role.VIEWER)).isTrue();
        assertThat(Role.OPERATOR.includes(Role.ADMIN)).isFalse();
        assertThat(Role.highest(java.util.List.of("viewer", "offline_access", "operator"))).contains(Role.OPERATOR);
        assertThat(Role.highest(java.util.List.of("offline_access"))).isEmpty();
    }
}
