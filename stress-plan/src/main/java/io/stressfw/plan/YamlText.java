package io.stressfw.plan;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns bytes or text into a YAML node tree that keeps every value's line and column (JSON is read the same way: it
 * is YAML's flow style). Anything that is not one YAML document, a binary file, a tab in the indentation, broken
 * syntax, is an {@link InvalidPlanException} with the line, the column and the field the line belongs to.
 */
final class YamlText {
    /** Plans are small; a few megabytes of YAML is a mistake (and aliases could expand it further). */
    static final int MAX_CODE_POINTS = 1 << 20;

    private YamlText() {
    }

    static String decode(byte[] bytes, String source) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw single(source, lineAt(bytes, i), 0, "", "not a text file (a NUL byte at offset " + i
                        + "); expected YAML text");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            int offset = firstInvalidUtf8(bytes);
            throw single(source, lineAt(bytes, offset), 0, "", "not UTF-8 text (byte 0x"
                    + String.format("%02x", bytes[offset] & 0xff) + " at offset " + offset + "); expected YAML text");
        }
    }

    /** The document's root node; null when the text holds no document (empty, or only comments). */
    static Node compose(String text, String source) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(10);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowDuplicateKeys(true); // duplicates are reported with both lines by the reader
        try {
            return new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            if (mark != null && mark.getIndex() >= text.stripTrailing().length() && e.getContextMark() != null) {
                mark = e.getContextMark(); // "got <stream end>": point at what was left open
            }
            int line = mark == null ? 0 : mark.getLine() + 1;
            int column = mark == null ? 0 : mark.getColumn() + 1;
            throw single(source, line, column, FieldGuess.pathAt(text, line), syntaxReason(text, mark, e));
        } catch (YAMLException e) {
            throw single(source, 0, 0, "", "not valid YAML: " + firstLine(e.getMessage()));
        }
    }

    private static String syntaxReason(String text, Mark mark, MarkedYAMLException e) {
        if (mark != null && mark.getIndex() < text.length() && text.charAt(mark.getIndex()) == '\t'
                || String.valueOf(e.getProblem()).contains("\\t")) {
            return "a tab character: YAML indents with spaces only (replace the tab with spaces)";
        }
        String problem = e.getProblem() == null ? firstLine(e.getMessage()) : e.getProblem();
        String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
        return "not valid YAML: " + problem + context;
    }

    static InvalidPlanException single(String source, int line, int column, String field, String reason) {
        return new InvalidPlanException(List.of(new PlanProblem(source, line, column, field, reason)));
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
    }

    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static int firstInvalidUtf8(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        var out = java.nio.CharBuffer.allocate(bytes.length + 1);
        var result = decoder.decode(in, out, true);
        return result.isError() ? in.position() : 0;
    }
}
