package io.stressfw.agent.control;

/** What the controller did with a command; {@code reason} says why it was not applied. */
public record CommandOutcome(Kind kind, String reason) {
    public enum Kind {
        /** A new phase command (or stop) took effect. */
        APPLIED,
        /** The running command's lease was extended. */
        RENEWED,
        /** Lease already expired, sequence older than the last applied, or a renewal of a stopped command. */
        IGNORED,
        /** Breaks a cap or names a network target outside the allowlist: dead-letter and warn. */
        REFUSED
    }

    public static CommandOutcome applied() {
        return new CommandOutcome(Kind.APPLIED, null);
    }

    public static CommandOutcome renewed() {
        return new CommandOutcome(Kind.RENEWED, null);
    }

    public static CommandOutcome ignored(String reason) {
        return new CommandOutcome(Kind.IGNORED, reason);
    }

    public static CommandOutcome refused(String reason) {
        return new CommandOutcome(Kind.REFUSED, reason);
    }
}
