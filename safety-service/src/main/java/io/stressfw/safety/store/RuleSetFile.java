package io.stressfw.safety.store;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stressfw.safety.rule.RuleFormatException;
import io.stressfw.safety.rule.RuleParser;
import io.stressfw.safety.rule.ThresholdRule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The global rules changed at run time, kept in one JSON file so that they survive a restart:
 * {@code {"version": 1, "changed_by": ..., "changed_at_ms": ..., "rules": [rule, ...]}}, rules in the form
 * {@code GET /safety/thresholds} answers. Written whole to a temporary file, forced to disk and moved into place,
 * so a crash leaves the old file or the new one, never half of one. A file that cannot be read stops the service
 * at start, naming the file, the line and the field: silently falling back to other rules is what this file
 * exists to prevent.
 */
public final class RuleSetFile {
    static final int VERSION = 1;

    /** What the file holds. */
    public record Stored(List<ThresholdRule> rules, String changedBy, long changedAtMs) {
    }

    private final Path file;
    private final ObjectMapper mapper = new ObjectMapper();

    public RuleSetFile(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("file is required");
        }
        this.file = file;
    }

    public Path path() {
        return file;
    }

    /** The stored rule set, or empty when none was stored (or it was removed to go back to the configured rules). */
    public Optional<Stored> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Map<?, ?> root;
        try {
            Object parsed = mapper.readValue(Files.readString(file, StandardCharsets.UTF_8), Object.class);
            if (!(parsed instanceof Map<?, ?> map)) {
                throw unreadable("line 1: the file must hold a JSON object");
            }
            root = map;
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            throw unreadable((where == null ? "" : "line " + where.getLineNr() + ", column " + where.getColumnNr() + ": ")
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (!Integer.valueOf(VERSION).equals(root.get("version"))) {
            throw unreadable("version: must be " + VERSION + ", was " + root.get("version"));
        }
        if (!(root.get("changed_by") instanceof String changedBy) || changedBy.isBlank()) {
            throw unreadable("changed_by: must be a non-blank text");
        }
        if (!(root.get("changed_at_ms") instanceof Number changedAt)) {
            throw unreadable("changed_at_ms: must be a number");
        }
        try {
            return Optional.of(new Stored(RuleParser.parseList(root.get("rules"), "rules"), changedBy, changedAt.longValue()));
        } catch (RuleFormatException e) {
            throw unreadable(e.field() + ": " + e.reason());
        }
    }

    /** Replaces the stored rule set; when this returns, the new file is on disk. */
    public void save(Stored stored) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", VERSION);
        root.put("changed_by", stored.changedBy());
        root.put("changed_at_ms", stored.changedAtMs());
        root.put("rules", stored.rules().stream().map(RuleParser::toMap).toList());
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temp, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Removes the stored rule set: the configured rules apply at the next start. */
    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }

    private IllegalStateException unreadable(String detail) {
        return new IllegalStateException("the rules changed at run time in " + file + " cannot be read: " + detail
                + ". Fix the file, or delete it to start with the configured rules (stress.safety.rules.*)");
    }
}
