package io.stressfw.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Whether a service, or its image, reads an environment variable that a deployment sets for it. */
final class EnvironmentCheck {
    /** Read by the image's entrypoint, not by the application. */
    static final Set<String> IMAGE_ENVIRONMENT = Set.of("JAVA_OPTS", "JAVA_OPTS_APPEND");
    /**
     * Issue 10's switches for the control API's authentication. They are accepted unread only while the orchestrator
     * has no API-key authentication at all; as soon as it has, it must read exactly these names.
     */
    static final Set<String> AUTHENTICATION = Set.of("STRESS_AUTH_ENABLED", "STRESS_AUTH_API_KEYS");
    private static final Pattern API_KEY_CODE = Pattern.compile("(?i)api[-_.]?keys?|stress\\.auth");

    private EnvironmentCheck() {
    }

    static boolean isRead(ServiceModule module, String variable, Set<String> expandedByKubernetes) {
        if (IMAGE_ENVIRONMENT.contains(variable) || expandedByKubernetes.contains(variable)
                || module.config().understands(variable)) {
            return true;
        }
        return module == ServiceModule.ORCHESTRATOR && AUTHENTICATION.contains(variable) && !orchestratorHasApiKeyAuthentication();
    }

    static synchronized boolean orchestratorHasApiKeyAuthentication() {
        if (apiKeyAuthentication == null) {
            apiKeyAuthentication = scanForApiKeyAuthentication();
        }
        return apiKeyAuthentication;
    }

    private static Boolean apiKeyAuthentication;

    private static boolean scanForApiKeyAuthentication() {
        Path main = ServiceModule.ORCHESTRATOR.directory().resolve("src/main");
        try (Stream<Path> files = Files.walk(main)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".properties"))
                    .anyMatch(f -> API_KEY_CODE.matcher(Repository.read(f)).find());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
