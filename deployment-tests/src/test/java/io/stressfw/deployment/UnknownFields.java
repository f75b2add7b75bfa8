package io.stressfw.deployment;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Fields the fabric8 model kept aside as "additional properties" while parsing: in a manifest of a built-in kind
 * they are typos or misplaced keys that Kubernetes would reject or silently ignore.
 */
final class UnknownFields {
    /** Kustomize's strategic-merge directive in a patch file ($patch: delete), not a field of the object. */
    private static final String PATCH_DIRECTIVE = "$patch";

    private UnknownFields() {
    }

    static List<String> of(Object object) {
        List<String> found = new ArrayList<>();
        if (!(object instanceof GenericKubernetesResource)) {
            walk(object, "", found);
        }
        return found;
    }

    private static void walk(Object object, String path, List<String> found) {
        if (object == null) {
            return;
        }
        if (object instanceof Collection<?> collection) {
            int i = 0;
            for (Object item : collection) {
                walk(item, path + "[" + i++ + "]", found);
            }
            return;
        }
        if (object instanceof Map<?, ?> map) {
            map.forEach((key, value) -> walk(value, path + "." + key, found));
            return;
        }
        if (!object.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : object.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(object);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra) {
                    extra.keySet().stream().filter(key -> !PATCH_DIRECTIVE.equals(key))
                            .forEach(key -> found.add(path.isEmpty() ? String.valueOf(key) : path + "." + key));
                }
                continue;
            }
            String field = getter.getName().substring(3);
            walk(value, path.isEmpty() ? field : path + "." + field, found);
        }
    }
}
