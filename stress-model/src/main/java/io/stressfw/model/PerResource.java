package io.stressfw.model;

/** One number per resource kind (weights, tolerances): {@link #of} picks the one of a kind. */
public interface PerResource {
    double cpu();

    double memory();

    double io();

    double network();

    default double of(ResourceKind kind) {
        return switch (kind) {
            case CPU -> cpu();
            case MEMORY -> memory();
            case IO -> io();
            case NETWORK -> network();
        };
    }
}
