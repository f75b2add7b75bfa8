package io.stressfw.model;

/** A message that cannot be read: not JSON, wrong shape, a field out of range, or an unknown schema version. */
public final class MalformedMessageException extends Exception {
    public MalformedMessageException(String reason) {
        super(reason);
    }

    public MalformedMessageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
