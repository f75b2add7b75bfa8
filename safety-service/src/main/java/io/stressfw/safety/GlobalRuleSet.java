package io.stressfw.safety;

import io.quarkus.runtime.Startup;
import io.stressfw.safety.engine.SafetyEngine;
import io.stressfw.safety.rule.ThresholdRule;
import io.stressfw.safety.store.RuleSetFile;
import io.stressfw.safety.store.RuleSetOrigin;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The global rules in force and where they come from. A {@code PUT /safety/thresholds} is written to
 * {@code <data-dir>/thresholds.json} before the engine applies it, so the rules an administrator set survive a
 * restart; {@code DELETE /safety/thresholds} removes the file and puts the configured rules back. At start a stored
 * set wins over the configuration (and the log says so, loudly); a stored set that cannot be read stops the start.
 */
@Startup
@Singleton
public class GlobalRuleSet {
    static final String FILE_NAME = "thresholds.json";
    private static final Logger LOG = Logger.getLogger(GlobalRuleSet.class);

    private final List<ThresholdRule> configured;
    private final RuleSetFile file;
    private final Clock clock;
    private final List<ThresholdRule> initial;
    private RuleSetOrigin origin;

    @Inject
    public GlobalRuleSet(SafetyConfig config) {
        this(config.globalRules(), Path.of(config.dataDir()).resolve(FILE_NAME), Clock.systemUTC());
    }

    GlobalRuleSet(List<ThresholdRule> configured, Path file, Clock clock) {
        this.configured = List.copyOf(configured);
        this.file = new RuleSetFile(file);
        this.clock = clock;
        var stored = this.file.load();
        if (stored.isPresent()) {
            this.initial = stored.get().rules();
            this.origin = RuleSetOrigin.runtime(stored.get().changedBy(), stored.get().changedAtMs(), file.toString());
            LOG.warnf("Global safety rules %s, NOT the configured ones: %s. DELETE /safety/thresholds (admin) restores "
                    + "the configured rules.", origin.describe(), initial.stream().map(r -> r.id() + ": " + r.describe()).toList());
        } else {
            this.initial = this.configured;
            this.origin = RuleSetOrigin.configured(file.toString());
        }
    }

    /** The rules the engine starts with: the stored run-time set if there is one, else the configured rules. */
    public List<ThresholdRule> initialRules() {
        return initial;
    }

    public List<ThresholdRule> configured() {
        return configured;
    }

    public synchronized RuleSetOrigin origin() {
        return origin;
    }

    /** Keeps the new rules on disk, then puts them in force; if they cannot be kept, nothing changes. */
    public synchronized RuleSetOrigin replace(SafetyEngine engine, List<ThresholdRule> rules, String changedBy) {
        long now = clock.millis();
        file.save(new RuleSetFile.Stored(rules, changedBy, now));
        engine.replaceGlobalRules(rules);
        origin = RuleSetOrigin.runtime(changedBy, now, file.path().toString());
        LOG.warnf("Global safety rules replaced at run time by %s: %s", changedBy,
                rules.stream().map(r -> r.id() + ": " + r.describe()).toList());
        return origin;
    }

    /** Back to the configured rules, now and after a restart. */
    public synchronized RuleSetOrigin restoreConfigured(SafetyEngine engine, String by) {
        file.delete();
        engine.replaceGlobalRules(configured);
        origin = RuleSetOrigin.configured(file.path().toString());
        LOG.warnf("Global safety rules restored to the configured ones by %s", by);
        return origin;
    }
}
