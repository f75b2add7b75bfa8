package io.stressfw.orchestrator.integration;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * How a webhook delivery proves it comes from this orchestrator and was not changed or replayed. Each POST carries
 * {@value #TIMESTAMP_HEADER} (Unix seconds at sending) and {@value #SIGNATURE_HEADER}: {@code v1=<hex>} with
 * {@code <hex>} = lower-case hex HMAC-SHA256, keyed with the shared secret's UTF-8 bytes, of
 * {@code <timestamp> + "." + <raw body>}. During a secret rotation the header holds one {@code v1=} entry per
 * configured secret, comma-separated. A receiver recomputes the HMAC over the body bytes it received, compares in
 * constant time with any {@code v1=} entry, and refuses a timestamp more than a few minutes from its own clock
 * ({@link #verify}, the reference implementation; README "Security" has a shell and a Python example).
 */
public final class WebhookSignature {
    public static final String TIMESTAMP_HEADER = "X-Stress-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Stress-Signature";
    /** Long enough that it cannot be guessed; a generated one is far longer (openssl rand -hex 32). */
    public static final int MIN_SECRET_LENGTH = 16;
    private static final String SCHEME = "v1=";

    private final List<byte[]> secrets;

    /** @param secrets the configured secrets, newest last; every delivery is signed with each */
    public WebhookSignature(List<String> secrets) {
        if (secrets == null || secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one webhook secret is required");
        }
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < secrets.size(); i++) {
            String secret = secrets.get(i) == null ? "" : secrets.get(i).trim();
            if (secret.length() < MIN_SECRET_LENGTH) {
                throw new IllegalArgumentException("webhook secret " + (i + 1) + " is shorter than " + MIN_SECRET_LENGTH
                        + " characters (generate one with openssl rand -hex 32)");
            }
            keys.add(secret.getBytes(StandardCharsets.UTF_8));
        }
        this.secrets = List.copyOf(keys);
    }

    /** The {@value #SIGNATURE_HEADER} value for a body sent at {@code timestampSeconds}. */
    public String sign(long timestampSeconds, String body) {
        List<String> entries = new ArrayList<>();
        for (byte[] secret : secrets) {
            entries.add(SCHEME + HexFormat.of().formatHex(hmac(secret, signedText(timestampSeconds, body))));
        }
        return String.join(",", entries);
    }

    /**
     * What a receiver does: true when the timestamp is within {@code toleranceSeconds} of {@code nowSeconds} and one
     * {@code v1=} entry is the HMAC of {@code timestamp.body} under {@code secret}.
     */
    public static boolean verify(String secret, String timestampHeader, String signatureHeader, byte[] body,
                                 long nowSeconds, long toleranceSeconds) {
        if (secret == null || timestampHeader == null || signatureHeader == null || body == null) {
            return false;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
            return false;
        }
        byte[] signed = concat((timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        byte[] expected = HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), signed))
                .getBytes(StandardCharsets.US_ASCII);
        boolean match = false;
        for (String entry : signatureHeader.split(",")) {
            String candidate = entry.trim();
            if (candidate.startsWith(SCHEME)) {
                // No early exit: every entry is compared, in constant time.
                match |= MessageDigest.isEqual(expected, candidate.substring(SCHEME.length()).getBytes(StandardCharsets.US_ASCII));
            }
        }
        return match;
    }

    private static byte[] signedText(long timestampSeconds, String body) {
        return (timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
