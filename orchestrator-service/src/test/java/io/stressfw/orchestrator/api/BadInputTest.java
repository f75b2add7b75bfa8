package io.stressfw.orchestrator.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.stressfw.orchestrator.testing.InMemoryProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Every bad input answers 4xx application/problem+json naming the field and the reason, never a stack trace. */
@QuarkusTest
@TestProfile(InMemoryProfile.class)
class BadInputTest {

    @AfterEach
    void noCycleLeftRunning() {
        given().post("/emergency/stop").then().statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse post(String path, String body) {
        return given().contentType(ContentType.JSON).body(body).post(path).then()
                .contentType("application/problem+json");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "/cycle/start | {\"phases\": [\"light\"  | | JSON",
            "/cycle/start | {}                        | phases | required",
            "/cycle/start | {\"phases\": []}          | phases | must not be empty",
            "/cycle/start | {\"phases\": \"light\"}   | phases | list of phase names",
            "/cycle/start | {\"phases\": [\"ludicrous\"]} | phases[0] | unknown phase 'ludicrous'",
            "/cycle/start | {\"phases\": [\"light\", 7]}  | phases[1] | must be a phase name",
            "/cycle/start | {\"phases\": [\"chaos\"]}     | phases[0] | not defined in",
            "/cycle/start | {\"phases\": [\"light\"], \"override_safety\": \"yes\"} | override_safety | true or false",
            "/cycle/start | {\"phasez\": [\"light\"]}     | phasez | unknown field",
            "/cycle/start | {\"phases\": [\"light\"], \"wait_for_fit\": -1} | wait_for_fit | between 0 and 3600",
            "/cycle/start | {\"phases\": [\"light\"], \"wait_for_fit\": \"soon\"} | wait_for_fit | must be a number",
            "/cycle/start | {\"phases\": [\"light\"], \"min_agents\": 0} | min_agents | between 1 and 10000",
            "/cycle/start | {\"phases\": [\"light\"], \"min_agents\": 1.5} | min_agents | whole number",
            "/cycle/start | [\"light\"]                   | | JSON object",
            "/load/adjust | {\"phase\": \"medium\", \"target_load\": 101} | target_load | between 0 and 100",
            "/load/adjust | {\"phase\": \"medium\", \"target_load\": -1}  | target_load | between 0 and 100",
            "/load/adjust | {\"phase\": \"medium\", \"target_load\": \"sixty\"} | target_load | must be a number",
            "/load/adjust | {\"phase\": \"medium\"}      | target_load | required",
            "/load/adjust | {\"phase\": \"warp\", \"target_load\": 50} | phase | unknown phase 'warp'",
            "/load/adjust | {\"target_load\": 50}         | phase | required",
            "/cycle/quick | {\"target_load\": 150, \"duration\": 10} | target_load | between 0 and 100",
            "/cycle/quick | {\"target_load\": \"lots\", \"duration\": 10} | target_load | must be a number",
            "/cycle/quick | {\"target_load\": 50}         | duration | required",
            "/cycle/quick | {\"target_load\": 50, \"duration\": 0} | duration | between",
            "/cycle/quick | {\"target_load\": 50, \"duration\": 5, \"weights\": {\"cpu\": 2}} | weights.cpu | between 0 and 1",
            "/cycle/quick | {\"target_load\": 50, \"duration\": 5, \"weights\": {\"gpu\": 1}} | gpu | unknown field",
    })
    void badBodiesAreRefusedNamingTheField(String path, String body, String field, String reason) {
        var response = post(path, body).statusCode(400).body("detail", containsString(reason));
        if (field != null) {
            response.body("field", equalTo(field));
        }
    }

    @Test
    void anEmptyBodyIsRefused() {
        given().contentType(ContentType.JSON).post("/cycle/start").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("body is required"));
    }

    @Test
    void aWrongContentTypeIs415() {
        given().contentType(ContentType.TEXT).body("phases=light").post("/cycle/start").then().statusCode(415)
                .contentType("application/problem+json");
        given().contentType(ContentType.XML).body("<phases/>").post("/load/adjust").then().statusCode(415)
                .contentType("application/problem+json");
    }

    @Test
    void anOversizedBodyIs413() {
        String big = "{\"phases\": [\"light\"], \"pad\": \"" + "x".repeat(100_000) + "\"}";
        given().contentType(ContentType.JSON).body(big).post("/cycle/start").then().statusCode(413)
                .contentType("application/problem+json");
    }

    @Test
    void anUnknownCycleIs404() {
        given().get("/cycles/../../etc/passwd").then().statusCode(404);
        given().get("/cycles/nope").then().statusCode(404).contentType("application/problem+json");
    }
}
