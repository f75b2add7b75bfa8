package io.stressfw.metrics.aggregation;

import io.stressfw.model.Checks;
import io.stressfw.model.GeneratorReading;

/** Target versus achieved load of one generator of one agent over a phase. Not thread-safe. */
public final class GeneratorTracking {
    private final MetricStatistics target;
    private final MetricStatistics achieved;
    private final MetricStatistics absoluteError;
    private final MetricStatistics achievedValue;
    private String unit;

    public GeneratorTracking() {
        this(new MetricStatistics(), new MetricStatistics(), new MetricStatistics(), new MetricStatistics(), null);
    }

    private GeneratorTracking(MetricStatistics target, MetricStatistics achieved, MetricStatistics absoluteError,
                              MetricStatistics achievedValue, String unit) {
        this.target = target;
        this.achieved = achieved;
        this.absoluteError = absoluteError;
        this.achievedValue = achievedValue;
        this.unit = unit;
    }

    public void add(GeneratorReading reading) {
        Checks.notNull(reading, "reading");
        target.add(reading.targetPercent());
        achieved.add(reading.achievedPercent());
        absoluteError.add(Math.abs(reading.achievedPercent() - reading.targetPercent()));
        if (reading.achievedValue() != null) {
            achievedValue.add(reading.achievedValue());
            unit = reading.unit();
        }
    }

    public GeneratorSummary summary() {
        Double meanTarget = target.mean();
        Double meanAchieved = achieved.mean();
        Double ratio = meanTarget == null || meanAchieved == null || meanTarget <= 0 ? null : meanAchieved / meanTarget;
        return new GeneratorSummary(target.summary(), achieved.summary(), absoluteError.mean(), ratio,
                achievedValue.count() == 0 ? null : achievedValue.summary(), unit);
    }

    public State state() {
        return new State(target.state(), achieved.state(), absoluteError.state(), achievedValue.state(), unit);
    }

    public static GeneratorTracking fromState(State s) {
        return new GeneratorTracking(MetricStatistics.fromState(s.target()), MetricStatistics.fromState(s.achieved()),
                MetricStatistics.fromState(s.absoluteError()), MetricStatistics.fromState(s.achievedValue()), s.unit());
    }

    public record State(MetricStatistics.State target, MetricStatistics.State achieved,
                        MetricStatistics.State absoluteError, MetricStatistics.State achievedValue, String unit) {
    }
}
