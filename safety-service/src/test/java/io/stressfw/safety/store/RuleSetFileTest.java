package io.stressfw.safety.store;

import io.stressfw.safety.rule.RuleParser;
import io.stressfw.safety.rule.ThresholdRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleSetFileTest {
    @TempDir
    Path dir;

    static List<ThresholdRule> rules(Map<?, ?>... maps) {
        return RuleParser.parseList(List.of(maps), "rules");
    }

    @Test
    void aSavedRuleSetReadsBackWithWhoAndWhen() {
        RuleSetFile file = new RuleSetFile(dir.resolve("nested/thresholds.json"));
        assertThat(file.load()).isEmpty();
        List<ThresholdRule> saved = rules(Map.of("id", "cpu", "metric", "cpu_usage", "limit", 80, "for", "1s"),
                Map.of("id", "memory", "metric", "memory_usage", "limit", 85, "action", "throttle"));
        file.save(new RuleSetFile.Stored(saved, "api-key-0123456789ab (admin)", 1_700_000_000_000L));

        RuleSetFile.Stored loaded = new RuleSetFile(dir.resolve("nested/thresholds.json")).load().orElseThrow();
        assertThat(loaded.rules()).extracting(RuleParser::toMap).isEqualTo(saved.stream().map(RuleParser::toMap).toList());
        assertThat(loaded.changedBy()).isEqualTo("api-key-0123456789ab (admin)");
        assertThat(loaded.changedAtMs()).isEqualTo(1_700_000_000_000L);
        assertThat(dir.resolve("nested/thresholds.json.tmp")).doesNotExist();

        file.delete();
        assertThat(file.load()).isEmpty();
    }

    @Test
    void aFileThatIsNotJsonNamesTheFileAndTheLine() throws Exception {
        Path path = dir.resolve("thresholds.json");
        Files.writeString(path, "{\"version\": 1,\n \"changed_by\": \"x\",\n \"rules\": [ oops ]\n}");
        assertThatThrownBy(() -> new RuleSetFile(path).load())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(path.toString())
                .hasMessageContaining("line 3")
                .hasMessageContaining("delete it to start with the configured rules");
    }

    @Test
    void aRuleThatCannotBeUsedNamesTheField() throws Exception {
        Path path = dir.resolve("thresholds.json");
        Files.writeString(path, """
                {"version": 1, "changed_by": "someone", "changed_at_ms": 5,
                 "rules": [{"id": "cpu", "metric": "cpu_usage", "limit": 90}, {"id": "disk", "metric": "disk_usage", "limit": "full"}]}
                """);
        assertThatThrownBy(() -> new RuleSetFile(path).load()).hasMessageContaining("rules[1].limit");
        Files.writeString(path, "{\"version\": 2, \"changed_by\": \"someone\", \"changed_at_ms\": 5, \"rules\": []}");
        assertThatThrownBy(() -> new RuleSetFile(path).load()).hasMessageContaining("version: must be 1");
        Files.writeString(path, "{\"version\": 1, \"changed_at_ms\": 5, \"rules\": []}");
        assertThatThrownBy(() -> new RuleSetFile(path).load()).hasMessageContaining("changed_by");
    }
}
