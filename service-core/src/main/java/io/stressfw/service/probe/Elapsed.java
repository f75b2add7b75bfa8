package io.stressfw.service.probe;

/** Milliseconds since a {@link System#nanoTime()} reading: the monotonic clock, never the wall clock. */
final class Elapsed {
    private Elapsed() {
    }

    static double since(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    /** A short reason: the exception's class when it has no message (a bare timeout). */
    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
