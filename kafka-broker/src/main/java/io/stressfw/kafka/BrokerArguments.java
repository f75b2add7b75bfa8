package io.stressfw.kafka;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The command line of {@link KafkaBrokerMain}: three positional arguments, then options by name. Both options are
 * optional, so by position a fourth argument could be either; a name makes each unmistakable.
 */
record BrokerArguments(String config, String clusterId, String bootstrap, long orphanGraceMs, Optional<Path> securityFile) {
    static final String ORPHAN_GRACE_OPTION = "--orphan-grace-ms=";
    static final String SECURITY_OPTION = "--security=";

    /** Parses the arguments; an unknown, repeated, empty or malformed option is an {@link IllegalArgumentException}. */
    static BrokerArguments parse(String... args) {
        if (args.length < 3) {
            throw new IllegalArgumentException("expected <server.properties> <cluster-id> <bootstrap>, got "
                    + args.length + " argument(s)");
        }
        Long graceMs = null;
        Path security = null;
        for (int i = 3; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith(ORPHAN_GRACE_OPTION)) {
                if (graceMs != null) {
                    throw new IllegalArgumentException(ORPHAN_GRACE_OPTION + " given twice");
                }
                graceMs = orphanGrace(arg.substring(ORPHAN_GRACE_OPTION.length()));
            } else if (arg.startsWith(SECURITY_OPTION)) {
                if (security != null) {
                    throw new IllegalArgumentException(SECURITY_OPTION + " given twice");
                }
                String file = arg.substring(SECURITY_OPTION.length());
                if (file.isBlank()) {
                    throw new IllegalArgumentException(SECURITY_OPTION + " needs a file");
                }
                security = Path.of(file);
            } else {
                throw new IllegalArgumentException("unknown argument: " + arg);
            }
        }
        return new BrokerArguments(args[0], args[1], args[2], graceMs == null ? 0 : graceMs,
                Optional.ofNullable(security));
    }

    private static long orphanGrace(String value) {
        try {
            long ms = Long.parseLong(value);
            if (ms < 0) {
                throw new IllegalArgumentException(ORPHAN_GRACE_OPTION + " must not be negative, was " + value);
            }
            return ms;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(ORPHAN_GRACE_OPTION + " must be a whole number of ms, was " + value, e);
        }
    }
}
