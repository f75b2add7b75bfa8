package io.stressfw.service.security;

import io.stressfw.service.Problem;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.core.Response.Status;

import java.util.Map;

/** Problem documents written straight onto a Vert.x response, for refusals made before any resource runs. */
final class ProblemResponses {
    static final String WWW_AUTHENTICATE = "WWW-Authenticate";
    static final String REALM = "Bearer realm=\"stressfw\"";

    private ProblemResponses() {
    }

    static void send(HttpServerResponse response, Status status, String detail, Map<String, String> headers) {
        if (response.ended()) {
            return;
        }
        String body = new JsonObject()
                .put("type", "about:blank")
                .put("title", status.getReasonPhrase())
                .put("status", status.getStatusCode())
                .put("detail", detail)
                .encode();
        response.setStatusCode(status.getStatusCode());
        headers.forEach(response::putHeader);
        response.putHeader("Content-Type", Problem.MEDIA_TYPE);
        response.putHeader("Cache-Control", "no-store");
        response.end(body);
    }
}
