package io.stressfw.kafka;

import io.stressfw.model.Topics;

import java.util.LinkedHashMap;
import java.util.Map;

/** Partition count of each platform topic as the embedded broker creates it. */
public final class TopicLayout {
    /**
     * Commands stay on one partition so that every agent sees them in issue order; samples are spread by source so
     * that a scaled-out consumer group shares them while each source's samples stay in order.
     */
    public static final Map<String, Integer> TOPICS;

    static {
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (String topic : Topics.ALL) {
            topics.put(topic, 1);
        }
        topics.put(Topics.SAMPLES, 3);
        TOPICS = Map.copyOf(topics);
    }

    private TopicLayout() {
    }
}
