package io.stressfw.service.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API keys and their roles, parsed from {@code key1=admin,key2=operator,key3=viewer}. Only SHA-256 digests are
 * kept, so a lookup's timing says nothing about the keys, and no error message ever repeats a key: a refusal names
 * the entry by its position.
 */
public final class ApiKeys {
    /** Short keys can be guessed; 16 characters of a generated token are far beyond online guessing. */
    public static final int MIN_KEY_LENGTH = 16;
    /** RFC 6750's b64token alphabet: what a bearer token may contain. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]+=*");

    private final Map<ByteBuffer, Role> roles;

    private ApiKeys(Map<ByteBuffer, Role> roles) {
        this.roles = Map.copyOf(roles);
    }

    public static ApiKeys none() {
        return new ApiKeys(Map.of());
    }

    /**
     * Entries are separated by commas or line breaks (a mounted Secret file may hold one per line); each is
     * {@code key=role}, split at the last '=' so that base64 padding may end a key.
     */
    public static ApiKeys parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return none();
        }
        Map<ByteBuffer, Role> roles = new HashMap<>();
        String[] entries = spec.split("[,\\r\\n]+");
        int position = 0;
        for (String raw : entries) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            position++;
            int eq = entry.lastIndexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("entry " + position + " is not key=role (roles: " + Role.names() + ")");
            }
            String key = entry.substring(0, eq).trim();
            String roleName = entry.substring(eq + 1).trim();
            Role role;
            try {
                role = Role.fromName(roleName);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("entry " + position + ": " + e.getMessage(), e);
            }
            if (key.length() < MIN_KEY_LENGTH) {
                throw new IllegalArgumentException("entry " + position + ": the key is shorter than " + MIN_KEY_LENGTH
                        + " characters");
            }
            if (!TOKEN.matcher(key).matches()) {
                throw new IllegalArgumentException("entry " + position
                        + ": the key may hold only letters, digits and . _ ~ + / - (a bearer token)");
            }
            if (roles.putIfAbsent(digest(key), role) != null) {
                throw new IllegalArgumentException("entry " + position + ": the same key is listed twice");
            }
        }
        return new ApiKeys(roles);
    }

    /**
     * The keys a service starts with ({@link AuthSettings}): a bad entry, or access control on with nobody able to
     * log in (no key, and no OIDC where the service has it), is refused with a message naming the property and the
     * entry, never the key itself.
     */
    public static ApiKeys configured(AuthSettings settings, boolean oidcEnabled) {
        ApiKeys keys;
        try {
            keys = parse(settings.apiKeys().orElse(null));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("stress.auth.api-keys (env STRESS_AUTH_API_KEYS) is invalid: " + e.getMessage()
                    + "; the format is key1=admin,key2=operator,key3=viewer");
        }
        if (settings.enabled() && keys.isEmpty() && !oidcEnabled) {
            throw new IllegalStateException("stress.auth.enabled=true but no API key is configured (stress.auth.api-keys, "
                    + "env STRESS_AUTH_API_KEYS) and OIDC is off (quarkus.oidc.tenant-enabled): nobody could use the API");
        }
        return keys;
    }

    public Optional<Role> roleOf(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(roles.get(digest(presentedKey)));
    }

    /** A short, stable, non-reversible name for a key (the principal name), for logs and audit trails. */
    public static String fingerprint(String key) {
        byte[] digest = digest(key).array();
        StringBuilder hex = new StringBuilder("api-key-");
        for (int i = 0; i < 6; i++) {
            hex.append(String.format("%02x", digest[i]));
        }
        return hex.toString();
    }

    public boolean isEmpty() {
        return roles.isEmpty();
    }

    public int size() {
        return roles.size();
    }

    /** How many keys each role has: for the startup log line, which must not show the keys. */
    public Map<Role, Integer> countByRole() {
        Map<Role, Integer> counts = new EnumMap<>(Role.class);
        roles.values().forEach(r -> counts.merge(r, 1, Integer::sum));
        return counts;
    }

    private static ByteBuffer digest(String key) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
