package io.stressfw.metrics.sampling;

import java.nio.charset.StandardCharsets;

/**
 * A cursor over the ASCII text of a procfs file: line by line, whitespace-separated fields, numbers parsed where
 * they lie. At 10 Hz the sampler parses five files; splitting them into Strings with regular expressions allocated
 * thousands of objects per sample and was a third of the sampler thread's CPU. Not thread-safe: one sampling thread
 * owns it.
 */
final class ProcfsText {
    private byte[] bytes;
    private int length;
    private int next;
    private int position;
    private int lineEnd;

    ProcfsText(byte[] bytes, int length) {
        reset(bytes, length);
    }

    static ProcfsText of(String text) {
        byte[] ascii = text.getBytes(StandardCharsets.ISO_8859_1);
        return new ProcfsText(ascii, ascii.length);
    }

    /** Points the cursor before the first line of new content. */
    void reset(byte[] content, int contentLength) {
        this.bytes = content;
        this.length = contentLength;
        this.next = 0;
        this.position = 0;
        this.lineEnd = 0;
    }

    /** Moves to the start of the next line; false when there is none. */
    boolean nextLine() {
        if (next >= length) {
            return false;
        }
        position = next;
        int end = position;
        while (end < length && bytes[end] != '\n') {
            end++;
        }
        lineEnd = end;
        next = end + 1;
        return true;
    }

    /** Whether the rest of the current line, after any blanks, starts with {@code prefix}; moves past it if so. */
    boolean skipIfStartsWith(String prefix) {
        int at = skipBlanks(position);
        if (lineEnd - at < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (bytes[at + i] != prefix.charAt(i)) {
                return false;
            }
        }
        position = at + prefix.length();
        return true;
    }

    /** Whether the next field is exactly one of {@code names}; the field is consumed either way. */
    boolean fieldIsOneOf(byte[][] names) {
        int start = skipBlanks(position);
        int end = start;
        while (end < lineEnd && !isBlank(bytes[end])) {
            end++;
        }
        position = end;
        for (byte[] name : names) {
            if (name.length == end - start && regionEquals(start, name)) {
                return true;
            }
        }
        return false;
    }

    /** The text from the cursor up to {@code delimiter} on this line, blanks trimmed; the cursor moves past it. */
    String upTo(char delimiter) {
        int start = skipBlanks(position);
        int end = start;
        while (end < lineEnd && bytes[end] != delimiter) {
            end++;
        }
        if (end >= lineEnd) {
            return null;
        }
        position = end + 1;
        int trimmed = end;
        while (trimmed > start && isBlank(bytes[trimmed - 1])) {
            trimmed--;
        }
        return new String(bytes, start, trimmed - start, StandardCharsets.ISO_8859_1);
    }

    /** Skips {@code count} fields of the current line. */
    void skipFields(int count) {
        for (int i = 0; i < count; i++) {
            int at = skipBlanks(position);
            while (at < lineEnd && !isBlank(bytes[at])) {
                at++;
            }
            position = at;
        }
    }

    /**
     * The next field as a non-negative whole number; -1 when the line has no more fields or the field is not one
     * (the field is consumed either way).
     */
    long nextLong() {
        int at = skipBlanks(position);
        long value = 0;
        int digits = 0;
        while (at < lineEnd && bytes[at] >= '0' && bytes[at] <= '9' && digits < 18) {
            value = value * 10 + (bytes[at] - '0');
            at++;
            digits++;
        }
        boolean whole = digits > 0 && (at >= lineEnd || isBlank(bytes[at]));
        while (at < lineEnd && !isBlank(bytes[at])) {
            at++;
        }
        position = at;
        return whole ? value : -1;
    }

    /** The number that starts right at the cursor ({@code 3} of {@code cpu3}); -1 when none does. */
    long longHere() {
        return position < lineEnd && bytes[position] >= '0' && bytes[position] <= '9' ? nextLong() : -1;
    }

    /** The next field as a non-negative decimal ({@code 0.52}); -1 when it is not one. */
    double nextDecimal() {
        int at = skipBlanks(position);
        long whole = 0;
        long fraction = 0;
        long scale = 1;
        int digits = 0;
        while (at < lineEnd && bytes[at] >= '0' && bytes[at] <= '9' && digits < 15) {
            whole = whole * 10 + (bytes[at++] - '0');
            digits++;
        }
        if (at < lineEnd && bytes[at] == '.') {
            at++;
            while (at < lineEnd && bytes[at] >= '0' && bytes[at] <= '9' && scale < 1_000_000_000L) {
                fraction = fraction * 10 + (bytes[at++] - '0');
                scale *= 10;
            }
        }
        boolean valid = digits > 0 && (at >= lineEnd || isBlank(bytes[at]));
        while (at < lineEnd && !isBlank(bytes[at])) {
            at++;
        }
        position = at;
        return valid ? whole + (double) fraction / scale : -1;
    }

    /** The whole content, whatever the cursor's position. */
    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    private boolean regionEquals(int start, byte[] name) {
        for (int i = 0; i < name.length; i++) {
            if (bytes[start + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    private int skipBlanks(int at) {
        while (at < lineEnd && isBlank(bytes[at])) {
            at++;
        }
        return at;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r';
    }
}
