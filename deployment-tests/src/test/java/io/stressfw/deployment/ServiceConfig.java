package io.stressfw.deployment;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A service's configuration as its packaged application sees it in the prod profile: service-commons'
 * microprofile-config.properties overridden by the service's application.properties, with {@code ${NAME:default}}
 * expressions and environment variables resolved the way SmallRye Config does.
 */
final class ServiceConfig {
    private static final Path COMMONS = Repository.path("service-commons");
    private static final Pattern EXPRESSION_NAME = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-\"]+)");
    private static final Pattern CONFIG_MAPPING_ROOT = Pattern.compile(
            "@ConfigMapping\\s*\\([^)]*?prefix\\s*=\\s*\"([^\"]+)\"[^)]*\\)[^{]*?\\binterface\\s+(\\w+)");
    private static final Pattern MAPPING_METHOD = Pattern.compile(
            "((?:@[\\w.]+(?:\\([^)]*\\))?\\s*)*)([\\w.]+(?:<[\\w.<>,\\s?]+>)?(?:\\[\\])?)\\s+(\\w+)\\s*\\(\\s*\\)\\s*;");
    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\(\\s*\"([^\"]+)\"\\s*\\)");

    private final ServiceModule module;
    private final Map<String, String> properties;
    private final Set<String> mappedProperties;

    private ServiceConfig(ServiceModule module, Map<String, String> properties, Set<String> mappedProperties) {
        this.module = module;
        this.properties = properties;
        this.mappedProperties = mappedProperties;
    }

    static ServiceConfig load(ServiceModule module) {
        Map<String, String> properties = new HashMap<>();
        properties.putAll(readProperties(COMMONS.resolve("src/main/resources/META-INF/microprofile-config.properties")));
        properties.putAll(readProperties(module.directory().resolve("src/main/resources/application.properties")));
        Map<String, String> prod = new HashMap<>();
        properties.forEach((key, value) -> {
            if (!key.startsWith("%")) {
                prod.putIfAbsent(key, value);
            } else if (key.startsWith("%prod.")) {
                prod.put(key.substring("%prod.".length()), value);
            }
        });
        properties.forEach((key, value) -> {
            if (key.startsWith("%prod.")) {
                prod.put(key.substring("%prod.".length()), value);
            }
        });
        Set<String> mapped = new LinkedHashSet<>();
        mapped.addAll(configMappingProperties(COMMONS.resolve("src/main/java")));
        mapped.addAll(configMappingProperties(module.directory().resolve("src/main/java")));
        return new ServiceConfig(module, Map.copyOf(prod), Set.copyOf(mapped));
    }

    /** The value of a property under the given environment, or null when it has none. */
    String value(String key, Map<String, String> environment) {
        String fromEnvironment = environment.get(envName(key));
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        String raw = properties.get(key);
        return raw == null ? null : expand(raw, environment, 0);
    }

    /** The channels the service reads from Kafka ({@code mp.messaging.incoming.<channel>.connector=smallrye-kafka}). */
    Set<String> incomingKafkaChannels() {
        Set<String> channels = new TreeSet<>();
        properties.forEach((key, value) -> {
            if (key.startsWith("mp.messaging.incoming.") && key.endsWith(".connector") && value.equals("smallrye-kafka")) {
                channels.add(key.substring("mp.messaging.incoming.".length(), key.length() - ".connector".length()));
            }
        });
        return channels;
    }

    /** The HTTP port: the agent's own server reads {@code stress.http.port}, the Quarkus services {@code quarkus.http.port}. */
    int httpPort(Map<String, String> environment) {
        String key = properties.containsKey("stress.http.port") ? "stress.http.port" : "quarkus.http.port";
        return Integer.parseInt(required(key, environment));
    }

    String kafkaBootstrapServers(Map<String, String> environment) {
        return required("kafka.bootstrap.servers", environment);
    }

    String livenessPath() {
        return healthPath("quarkus.smallrye-health.liveness-path", "live");
    }

    String readinessPath() {
        return healthPath("quarkus.smallrye-health.readiness-path", "ready");
    }

    String prometheusPath() {
        String path = valueOr("quarkus.micrometer.export.prometheus.path", "metrics");
        return path.startsWith("/") ? path : nonApplicationRoot() + "/" + path;
    }

    /**
     * Whether the service reads an environment variable: an expression names it, or it is the environment form of
     * a property the service declares in its properties or in a {@code @ConfigMapping} interface.
     */
    boolean understands(String environmentVariable) {
        if (referencedEnvironmentVariables().contains(environmentVariable)) {
            return true;
        }
        if (properties.keySet().stream().map(ServiceConfig::envName).anyMatch(environmentVariable::equals)) {
            return true;
        }
        return mappedProperties.stream()
                .map(name -> Pattern.compile(Pattern.quote(envName(name.replace("*", "WILDCARD"))).replace("WILDCARD", "\\E[A-Z0-9_]+\\Q")))
                .anyMatch(pattern -> pattern.matcher(environmentVariable).matches());
    }

    Set<String> referencedEnvironmentVariables() {
        Set<String> names = new LinkedHashSet<>();
        for (String value : properties.values()) {
            Matcher matcher = EXPRESSION_NAME.matcher(value);
            while (matcher.find()) {
                String name = matcher.group(1);
                if (name.equals(name.toUpperCase(Locale.ROOT))) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** SmallRye Config's environment variable name of a property: non-alphanumerics become '_', upper case. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private String healthPath(String key, String defaultPath) {
        String root = valueOr("quarkus.smallrye-health.root-path", "health");
        String base = root.startsWith("/") ? root : nonApplicationRoot() + "/" + root;
        String path = valueOr(key, defaultPath);
        return path.startsWith("/") ? path : base + "/" + path;
    }

    private String nonApplicationRoot() {
        String root = valueOr("quarkus.http.non-application-root-path", "q");
        return root.startsWith("/") ? root : "/" + root;
    }

    private String valueOr(String key, String defaultValue) {
        String value = value(key, Map.of());
        return value == null || value.isEmpty() ? defaultValue : value;
    }

    private String required(String key, Map<String, String> environment) {
        String value = value(key, environment);
        if (value == null || value.isEmpty()) {
            throw new AssertionError(module.artifactId() + " has no value for " + key + " under " + environment);
        }
        return value;
    }

    private String expand(String raw, Map<String, String> environment, int depth) {
        if (depth > 10) {
            throw new AssertionError("expression nesting too deep in " + raw);
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < raw.length()) {
            int start = raw.indexOf("${", i);
            if (start < 0) {
                out.append(raw, i, raw.length());
                break;
            }
            out.append(raw, i, start);
            int end = matchingBrace(raw, start + 2);
            String body = raw.substring(start + 2, end);
            int colon = topLevelColon(body);
            String name = colon < 0 ? body : body.substring(0, colon);
            String fallback = colon < 0 ? null : body.substring(colon + 1);
            String resolved = environment.containsKey(name) ? environment.get(name) : value(name, environment);
            if (resolved == null || resolved.isEmpty() && fallback != null) {
                resolved = fallback == null ? "" : expand(fallback, environment, depth + 1);
            }
            out.append(resolved);
            i = end + 1;
        }
        return out.toString();
    }

    private static int matchingBrace(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            if (text.startsWith("${", i)) {
                depth++;
                i++;
            } else if (text.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        throw new AssertionError("unbalanced expression: " + text);
    }

    private static int topLevelColon(String body) {
        int depth = 0;
        for (int i = 0; i < body.length(); i++) {
            if (body.startsWith("${", i)) {
                depth++;
                i++;
            } else if (body.charAt(i) == '}') {
                depth--;
            } else if (body.charAt(i) == ':' && depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, String> readProperties(Path file) {
        if (!Files.exists(file)) {
            return Map.of();
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> map = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        return map;
    }

    /**
     * Properties declared by {@code @ConfigMapping} interfaces: the prefix, then each method (its {@code @WithName} or
     * its name kebab-cased), descending into nested group interfaces; a {@code Map} of groups contributes a
     * {@code *} segment.
     */
    private static Set<String> configMappingProperties(Path sources) {
        Set<String> names = new LinkedHashSet<>();
        if (!Files.isDirectory(sources)) {
            return names;
        }
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)(^|\\s)//[^\\n]*", "");
                Matcher mapping = CONFIG_MAPPING_ROOT.matcher(source);
                if (mapping.find()) {
                    Map<String, String> interfaces = interfaceBodies(source);
                    expand(interfaces, mapping.group(2), mapping.group(1), names, 0);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private static void expand(Map<String, String> interfaces, String type, String prefix, Set<String> names, int depth) {
        String body = interfaces.get(type);
        if (body == null || depth > 8) {
            return;
        }
        Matcher method = MAPPING_METHOD.matcher(body);
        while (method.find()) {
            Matcher withName = WITH_NAME.matcher(method.group(1));
            String name = withName.find() ? withName.group(1) : kebab(method.group(3));
            String returnType = method.group(2).strip();
            Matcher mapOf = Pattern.compile("Map<\\s*String\\s*,\\s*(\\w+)\\s*>").matcher(returnType);
            String element = returnType.replaceAll("^(Optional|List|Set)<\\s*(\\w+)\\s*>$", "$2");
            if (mapOf.matches() && interfaces.containsKey(mapOf.group(1))) {
                expand(interfaces, mapOf.group(1), prefix + "." + name + ".*", names, depth + 1);
            } else if (interfaces.containsKey(element)) {
                expand(interfaces, element, prefix + "." + name, names, depth + 1);
            } else {
                names.add(prefix + "." + name);
            }
        }
    }

    /** Each interface declared in a source file, with the bodies of its nested declarations and methods removed. */
    private static Map<String, String> interfaceBodies(String source) {
        Map<String, String> bodies = new HashMap<>();
        Matcher declaration = Pattern.compile("\\binterface\\s+(\\w+)[^{;]*\\{").matcher(source);
        while (declaration.find()) {
            int depth = 0;
            StringBuilder topLevel = new StringBuilder();
            for (int i = declaration.end(); i < source.length(); i++) {
                char c = source.charAt(i);
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                    if (depth == 0) {
                        topLevel.append(';');
                    }
                } else if (depth == 0) {
                    topLevel.append(c);
                }
            }
            bodies.put(declaration.group(1), topLevel.toString());
        }
        return bodies;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
