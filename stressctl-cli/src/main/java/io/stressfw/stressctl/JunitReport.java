package io.stressfw.stressctl;

import com.fasterxml.jackson.databind.JsonNode;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Turns cycle reports into JUnit XML so CI systems show a stress run like a test run: one testsuite per cycle, one
 * testcase per planned phase, whose output is the planned against the achieved load per resource, the host metrics'
 * p95 over the hold (against IDLE's baseline) and the violations. A phase fails when it had violations, was aborted
 * or held under its target; phases the cycle never reached are skipped; a cycle that did not complete always has at
 * least one failing testcase, so the suite is red.
 */
final class JunitReport {

    private JunitReport() {
    }

    static String toXml(List<JsonNode> reports) {
        List<Suite> suites = reports.stream().map(JunitReport::suite).toList();
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "stress cycles");
            xml.writeAttribute("tests", Integer.toString(suites.stream().mapToInt(s -> s.cases.size()).sum()));
            xml.writeAttribute("failures", Integer.toString(suites.stream().mapToInt(Suite::failures).sum()));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", Integer.toString(suites.stream().mapToInt(Suite::skipped).sum()));
            xml.writeAttribute("time", seconds(suites.stream().mapToDouble(Suite::time).sum()));
            for (Suite suite : suites) {
                writeSuite(xml, suite);
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write JUnit XML: " + e.getMessage(), e);
        }
        return text + "\n";
    }

    private static void writeSuite(XMLStreamWriter xml, Suite suite) throws XMLStreamException {
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", "stress cycle " + suite.cycleId);
        xml.writeAttribute("tests", Integer.toString(suite.cases.size()));
        xml.writeAttribute("failures", Integer.toString(suite.failures()));
        xml.writeAttribute("errors", "0");
        xml.writeAttribute("skipped", Integer.toString(suite.skipped()));
        xml.writeAttribute("time", seconds(suite.time()));
        xml.writeCharacters("\n    ");
        xml.writeStartElement("properties");
        for (Map.Entry<String, String> property : suite.properties.entrySet()) {
            xml.writeCharacters("\n      ");
            xml.writeEmptyElement("property");
            xml.writeAttribute("name", property.getKey());
            xml.writeAttribute("value", property.getValue());
        }
        xml.writeCharacters("\n    ");
        xml.writeEndElement();
        for (Case testCase : suite.cases) {
            xml.writeCharacters("\n    ");
            xml.writeStartElement("testcase");
            xml.writeAttribute("classname", "stress.cycle." + suite.cycleId);
            xml.writeAttribute("name", testCase.name);
            xml.writeAttribute("time", seconds(testCase.time));
            if (testCase.failureMessage != null) {
                xml.writeCharacters("\n      ");
                xml.writeStartElement("failure");
                xml.writeAttribute("type", testCase.failureType);
                xml.writeAttribute("message", testCase.failureMessage);
                xml.writeCharacters(String.join("\n", testCase.details));
                xml.writeEndElement();
            } else if (testCase.skippedMessage != null) {
                xml.writeCharacters("\n      ");
                xml.writeEmptyElement("skipped");
                xml.writeAttribute("message", testCase.skippedMessage);
            }
            if (!testCase.output.isEmpty()) {
                xml.writeCharacters("\n      ");
                xml.writeStartElement("system-out");
                xml.writeCharacters(testCase.output);
                xml.writeEndElement();
            }
            xml.writeCharacters("\n    ");
            xml.writeEndElement();
        }
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
    }

    private static Suite suite(JsonNode report) {
        CycleVerdict verdict = CycleVerdict.of(report);
        Suite suite = new Suite(verdict.cycleId() == null ? "unknown" : verdict.cycleId());
        suite.properties.put("outcome", verdict.outcome() == null ? "unknown" : verdict.outcome());
        if (verdict.abortedBy() != null) {
            suite.properties.put("aborted_by", verdict.abortedBy());
        }
        OptionalDouble knee = Fields.number(report, "knee_load_percent");
        if (knee.isPresent()) {
            suite.properties.put("knee_load_percent", String.format(Locale.ROOT, "%.1f", knee.getAsDouble()));
        }

        Map<String, JsonNode> run = new LinkedHashMap<>();
        for (JsonNode phase : Fields.array(report, "phases")) {
            String name = Fields.phaseName(phase);
            if (name != null) {
                run.put(name.toLowerCase(Locale.ROOT), phase);
            }
        }
        List<String> planned = new ArrayList<>();
        JsonNode plan = report.get("plan");
        List<JsonNode> planEntries = plan != null && plan.isArray() ? Fields.array(report, "plan")
                : Fields.array(plan, "phases");
        for (JsonNode entry : planEntries) {
            String name = Fields.phaseName(entry);
            if (name != null && !planned.contains(name.toLowerCase(Locale.ROOT))) {
                planned.add(name.toLowerCase(Locale.ROOT));
            }
        }
        for (String name : run.keySet()) {
            if (!planned.contains(name)) {
                planned.add(name);
            }
        }

        List<JsonNode> violations = Fields.array(report, "violations");
        Case lastRun = null;
        for (String name : planned) {
            JsonNode phase = run.get(name);
            Case testCase = new Case(name);
            if (phase == null) {
                testCase.skippedMessage = "not run: cycle " + (verdict.outcome() == null ? "ended" : verdict.outcome())
                        + (verdict.abortedBy() == null ? "" : " by " + verdict.abortedBy()) + " before this phase";
                suite.cases.add(testCase);
                continue;
            }
            testCase.time = duration(phase);
            testCase.output = PhaseOutput.describe(phase);
            List<JsonNode> phaseViolations = new ArrayList<>(Fields.array(phase, "violations"));
            for (JsonNode violation : violations) {
                if (name.equalsIgnoreCase(Fields.text(violation, "phase"))) {
                    phaseViolations.add(violation);
                }
            }
            String phaseOutcome = Fields.text(phase, "outcome", "status", "result");
            boolean aborted = phaseOutcome != null && phaseOutcome.toLowerCase(Locale.ROOT).startsWith("abort");
            if (!phaseViolations.isEmpty()) {
                testCase.fail("violation", phaseViolations.size() + " safety violation"
                        + (phaseViolations.size() == 1 ? "" : "s") + (aborted ? ", phase aborted" : ""));
                phaseViolations.forEach(v -> testCase.details.add(describeViolation(v)));
            } else if (aborted) {
                testCase.fail("aborted", "phase aborted" + (verdict.abortedBy() == null ? ""
                        : " by " + verdict.abortedBy()));
            } else if ("under_target".equalsIgnoreCase(phaseOutcome)) {
                String why = Fields.text(phase, "verdict_reason");
                testCase.fail("under_target", "phase held under its target" + (why == null ? "" : ": " + why));
                testCase.details.add(testCase.output);
            }
            suite.cases.add(testCase);
            lastRun = testCase;
        }
        boolean shortPhaseFailed = verdict.exitCode() == CycleVerdict.UNDER_TARGET && suite.failures() > 0;
        if (verdict.exitCode() != CycleVerdict.COMPLETED && !shortPhaseFailed) {
            if (lastRun != null && lastRun.failureMessage == null) {
                lastRun.fail(verdict.outcome() == null ? "unknown" : verdict.outcome(), verdict.summary());
            } else if (lastRun == null) {
                Case cycle = new Case("cycle");
                cycle.fail(verdict.outcome() == null ? "unknown" : verdict.outcome(), verdict.summary());
                suite.cases.add(cycle);
            }
        }
        List<JsonNode> unattributed = violations.stream()
                .filter(v -> {
                    String phase = Fields.text(v, "phase");
                    return phase == null || !run.containsKey(phase.toLowerCase(Locale.ROOT));
                }).toList();
        if (!unattributed.isEmpty()) {
            Case outside = new Case("violations outside a phase");
            outside.fail("violation", unattributed.size() + " safety violation"
                    + (unattributed.size() == 1 ? "" : "s"));
            unattributed.forEach(v -> outside.details.add(describeViolation(v)));
            suite.cases.add(outside);
        }
        return suite;
    }

    private static double duration(JsonNode phase) {
        OptionalDouble seconds = Fields.number(phase, "duration_seconds", "elapsed_seconds");
        if (seconds.isPresent()) {
            return seconds.getAsDouble();
        }
        OptionalDouble start = Fields.number(phase, "started_at_ms", "start_ms");
        OptionalDouble end = Fields.number(phase, "ended_at_ms", "end_ms", "finished_at_ms");
        return start.isPresent() && end.isPresent() ? Math.max(0, (end.getAsDouble() - start.getAsDouble()) / 1000)
                : 0;
    }

    static String describeViolation(JsonNode violation) {
        StringBuilder line = new StringBuilder();
        String action = Fields.text(violation, "action");
        String severity = Fields.text(violation, "severity");
        line.append('[').append(action == null ? "?" : action);
        if (severity != null) {
            line.append('/').append(severity);
        }
        line.append("] ");
        String rule = Fields.text(violation, "rule_id");
        if (rule != null) {
            line.append(rule).append(": ");
        }
        String metric = Fields.text(violation, "metric");
        OptionalDouble value = Fields.number(violation, "value");
        OptionalDouble threshold = Fields.number(violation, "threshold");
        if (metric != null) {
            line.append(metric);
            if (value.isPresent()) {
                line.append(String.format(Locale.ROOT, " = %.2f", value.getAsDouble()));
            }
            if (threshold.isPresent()) {
                line.append(String.format(Locale.ROOT, " (threshold %.2f)", threshold.getAsDouble()));
            }
        }
        String source = Fields.text(violation, "source_id");
        if (source != null) {
            line.append(" on ").append(source);
        }
        String message = Fields.text(violation, "message");
        if (message != null) {
            line.append(" - ").append(message);
        }
        return line.toString();
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static final class Suite {
        final String cycleId;
        final Map<String, String> properties = new LinkedHashMap<>();
        final List<Case> cases = new ArrayList<>();

        Suite(String cycleId) {
            this.cycleId = cycleId;
        }

        int failures() {
            return (int) cases.stream().filter(c -> c.failureMessage != null).count();
        }

        int skipped() {
            return (int) cases.stream().filter(c -> c.failureMessage == null && c.skippedMessage != null).count();
        }

        double time() {
            return cases.stream().mapToDouble(c -> c.time).sum();
        }
    }

    private static final class Case {
        final String name;
        final List<String> details = new ArrayList<>();
        double time;
        String output = "";
        String failureType;
        String failureMessage;
        String skippedMessage;

        Case(String name) {
            this.name = name;
        }

        void fail(String type, String message) {
            failureType = type;
            failureMessage = message;
        }
    }
}
