package io.stressfw.agent.generator;

import io.stressfw.model.Checks;
import io.stressfw.model.LoadLimits;

import java.util.function.Function;

/**
 * One cap of a generator: the value the agent was configured with and the value in force for the current command,
 * which a command's {@link LoadLimits} may lower but never raise. Its name is both the key in the agent's status
 * ({@code caps.memory_mb}) and the field of {@code limits} that sets it ({@code limits.memory_mb}). Thread-safe: the
 * controller applies limits while the generator's worker reads the effective value.
 */
public final class LoadCap {
    private final String name;
    private final String unit;
    private final String spokenUnit;
    private final Function<LoadLimits, Double> requested;
    private final double configured;
    private volatile double effective;

    private LoadCap(Builder builder) {
        this.name = builder.name;
        this.unit = builder.unit;
        this.spokenUnit = builder.spokenUnit;
        this.requested = builder.requested;
        this.configured = builder.configured;
        this.effective = builder.configured;
    }

    /** A cap called {@code name}, e.g. {@code memory_mb}, of {@code configured} (at least 0). */
    public static Builder named(String name, double configured) {
        return new Builder(name, configured);
    }

    public String name() {
        return name;
    }

    /** The unit as the status writes it, e.g. {@code mb}. */
    public String unit() {
        return unit;
    }

    public double configured() {
        return configured;
    }

    public double effective() {
        return effective;
    }

    /** Why {@code limits} cannot be applied (it asks for more than the configured cap), or null when it can. */
    public String refusal(LoadLimits limits) {
        Double wanted = requested == null ? null : requested.apply(limits);
        if (wanted != null && wanted > configured + 1e-9) {
            return "limits." + name + " " + wanted + " " + spokenUnit + " is above the agent's own cap of " + configured
                    + " " + spokenUnit + "; a command may only lower caps";
        }
        return null;
    }

    /** Takes the command's limit for this cap, never above the configured value; no limit restores the configured one. */
    public void apply(LoadLimits limits) {
        Double wanted = requested == null ? null : requested.apply(limits);
        effective = wanted == null ? configured : Math.min(configured, Math.max(0, wanted));
    }

    public static final class Builder {
        private final String name;
        private final double configured;
        private String unit;
        private String spokenUnit;
        private Function<LoadLimits, Double> requested;

        private Builder(String name, double configured) {
            this.name = Checks.notBlank(name, "cap name");
            this.configured = Checks.nonNegative(configured, name);
        }

        /** The unit as the status writes it ({@code mb}) and as a message to a person does ({@code MB}). */
        public Builder unit(String unit, String spokenUnit) {
            this.unit = Checks.notBlank(unit, "unit of " + name);
            this.spokenUnit = Checks.notBlank(spokenUnit, "spoken unit of " + name);
            return this;
        }

        /** The field of a command's limits that may lower this cap; without one, commands cannot change the cap. */
        public Builder limitedBy(Function<LoadLimits, Double> field) {
            this.requested = Checks.notNull(field, "limits field of " + name);
            return this;
        }

        public LoadCap build() {
            Checks.notNull(unit, "unit of " + name);
            return new LoadCap(this);
        }
    }
}
