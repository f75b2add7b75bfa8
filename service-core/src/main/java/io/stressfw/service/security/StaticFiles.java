package io.stressfw.service.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Whether a path names a file the service serves from {@code META-INF/resources} (the orchestrator's dashboard):
 * only files that exist are open, an arbitrary GET path is not.
 */
public final class StaticFiles implements Predicate<String> {
    private static final String STATIC_ROOT = "META-INF/resources";

    private final Map<String, Boolean> known = new ConcurrentHashMap<>();

    @Override
    public boolean test(String normalizedPath) {
        if (known.containsKey(normalizedPath)) {
            return true;
        }
        String resource = STATIC_ROOT + (normalizedPath.equals("/") ? "/index.html" : normalizedPath);
        boolean exists = Thread.currentThread().getContextClassLoader().getResource(resource) != null;
        if (exists) {
            // Only positives are cached: the set of real files is small, the set of probed paths is not.
            known.put(normalizedPath, Boolean.TRUE);
        }
        return exists;
    }
}
