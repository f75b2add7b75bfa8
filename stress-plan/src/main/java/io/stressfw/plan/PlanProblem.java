package io.stressfw.plan;

/**
 * One problem in a plan or config file, as a person fixes it: where ({@code source}: a file or "request body"; line
 * and column from 1, 0 when unknown), which field (the YAML path, e.g. {@code phases[0].min_load_percent}; empty for
 * the whole document) and why, with the accepted values.
 */
public record PlanProblem(String source, int line, int column, String field, String reason) {

    /** {@code stress_cycles.yaml: line 4, column 15, field 'phases.light.max_load': max_load must be ...}. */
    public String describe() {
        StringBuilder text = new StringBuilder(source).append(": ");
        if (line > 0) {
            text.append("line ").append(line);
            if (column > 0) {
                text.append(", column ").append(column);
            }
            text.append(", ");
        }
        if (field != null && !field.isEmpty()) {
            text.append("field '").append(field).append("': ");
        }
        return text.append(reason).toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
