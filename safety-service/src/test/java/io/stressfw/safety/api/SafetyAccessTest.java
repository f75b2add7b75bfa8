package io.stressfw.safety.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.stressfw.kafka.KafkaBrokerTestResource;
import io.stressfw.safety.GlobalRuleSet;
import io.stressfw.safety.SafetyService;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * Issue 18, hole 1: with access control on, safety's rules and breakers are admin's alone, reads are a viewer's and
 * the probes stay open. On main this service had no access control: the anonymous PUT below replaced every rule.
 */
@QuarkusTest
@TestProfile(SafetySecuredProfile.class)
@QuarkusTestResource(value = KafkaBrokerTestResource.class, restrictToAnnotatedClass = true)
class SafetyAccessTest {
    /** The exact request: one rule on a made-up metric, which replaced cpu, memory, temperature and disk. */
    private static final String SWITCH_SAFETY_OFF = "{\"rules\":[{\"metric\":\"x\",\"limit\":1}]}";

    @Inject
    SafetyService safety;
    @Inject
    GlobalRuleSet ruleSet;

    private static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key);
    }

    @AfterEach
    void restoreConfiguredRules() {
        ruleSet.restoreConfigured(safety.engine(), "test");
    }

    @Test
    void anAnonymousCallerCannotReplaceTheRulesOrResetABreaker() {
        given().contentType(ContentType.JSON).body(SWITCH_SAFETY_OFF).put("/safety/thresholds").then()
                .statusCode(401).contentType("application/problem+json");
        given().post("/safety/breakers/cpu@host-1/reset").then().statusCode(401);
        given().delete("/safety/thresholds").then().statusCode(401);
        given().get("/safety/thresholds").then().statusCode(401);
        as(SafetySecuredProfile.VIEWER).get("/safety/thresholds").then().statusCode(200)
                .body("rules.id", hasItems("cpu", "memory", "temperature", "disk"));
    }

    @Test
    void viewersAndOperatorsReadButOnlyAnAdminChangesRulesOrBreakers() {
        for (String key : new String[]{SafetySecuredProfile.VIEWER, SafetySecuredProfile.OPERATOR}) {
            as(key).contentType(ContentType.JSON).body(SWITCH_SAFETY_OFF).put("/safety/thresholds").then()
                    .statusCode(403).contentType("application/problem+json")
                    .body("detail", containsString("it needs admin"));
            as(key).contentType(ContentType.JSON).body("{\"cpu_usage\": 99.0}").patch("/safety/thresholds").then()
                    .statusCode(403).body("detail", containsString("it needs admin"));
            as(key).post("/safety/breakers/cpu@host-1/reset").then().statusCode(403);
            as(key).delete("/safety/thresholds").then().statusCode(403);
            as(key).get("/safety/thresholds").then().statusCode(200);
            as(key).get("/safety/violations").then().statusCode(200);
            as(key).get("/safety/breakers").then().statusCode(200);
            as(key).post("/safety/preflight").then().statusCode(200).body("fit", notNullValue())
                    .body("rule_set.source", equalTo("configured"));
        }
        as(SafetySecuredProfile.ADMIN).post("/safety/breakers/no-such-breaker/reset").then()
                .statusCode(404).body("field", equalTo("id"));
    }

    @Test
    void anAdminsChangeNamesTheAdminAndTheRestoreGoesBackToTheConfiguredRules() {
        as(SafetySecuredProfile.ADMIN).contentType(ContentType.JSON)
                .body("{\"rules\":[{\"id\":\"cpu\",\"metric\":\"cpu_usage\",\"limit\":80}]}")
                .put("/safety/thresholds").then().statusCode(200)
                .body("rules.id", equalTo(java.util.List.of("cpu")))
                .body("rule_set.source", equalTo("runtime"))
                .body("rule_set.changed_by", matchesPattern("api-key-[0-9a-f]{12} \\(admin\\)"))
                .body("rule_set.changed_at_ms", notNullValue());
        as(SafetySecuredProfile.VIEWER).post("/safety/preflight").then().statusCode(200)
                .body("rule_set.source", equalTo("runtime"))
                .body("rule_set.changed_by", matchesPattern("api-key-[0-9a-f]{12} \\(admin\\)"));
        as(SafetySecuredProfile.ADMIN).delete("/safety/thresholds").then().statusCode(200)
                .body("rules.id", hasItems("cpu", "memory", "temperature", "disk"))
                .body("rule_set.source", equalTo("configured"))
                .body("rule_set.changed_by", nullValue());
    }

    @Test
    void anAdminsFlatMergeIsKeptAndNamesTheAdmin() {
        as(SafetySecuredProfile.ADMIN).contentType(ContentType.JSON).body("{\"cpu_usage\": 85.0}")
                .patch("/safety/thresholds").then().statusCode(200)
                .body("rules.find { it.id == 'cpu' }.limit", equalTo(85.0f))
                .body("rules.id", hasItems("cpu", "memory", "temperature", "disk"))
                .body("rule_set.source", equalTo("runtime"))
                .body("rule_set.changed_by", matchesPattern("api-key-[0-9a-f]{12} \\(admin\\)"));
    }

    @Test
    void probesAndTheScrapeStayOpen() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }
}
