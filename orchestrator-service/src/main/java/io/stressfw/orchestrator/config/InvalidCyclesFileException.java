package io.stressfw.orchestrator.config;

/** The cycles file cannot be used; the message names the file, the line and the field. */
public final class InvalidCyclesFileException extends RuntimeException {
    public InvalidCyclesFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
