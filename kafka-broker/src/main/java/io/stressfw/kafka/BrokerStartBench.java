package io.stressfw.kafka;

import java.util.ArrayList;
import java.util.List;

/**
 * Measures how long the embedded broker takes from launch to ready (format + start + topics), cold data dir each time;
 * with {@code secured} as second argument, in SASL/SCRAM mode (users at format, ACLs before ready).
 * Run: {@code java -cp "stress-launcher/target/lib/*" io.stressfw.kafka.BrokerStartBench 5 [secured]}
 */
public final class BrokerStartBench {
    private BrokerStartBench() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        boolean secured = args.length > 1 && args[1].equals("secured");
        List<Double> starts = new ArrayList<>();
        List<Double> stops = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder();
            if (secured) {
                builder.secured(KafkaCredentials.generate());
            }
            try (EmbeddedKafkaBroker broker = builder.build()) {
                long t0 = System.nanoTime();
                broker.start();
                long t1 = System.nanoTime();
                broker.close();
                long t2 = System.nanoTime();
                starts.add((t1 - t0) / 1e9);
                stops.add((t2 - t1) / 1e9);
            }
        }
        System.out.println("| run | start to ready (s) | graceful stop (s) |");
        System.out.println("|----:|-------------------:|------------------:|");
        for (int i = 0; i < runs; i++) {
            System.out.printf("| %d | %.2f | %.2f |%n", i + 1, starts.get(i), stops.get(i));
        }
        System.out.printf("| mean | %.2f | %.2f |%n", starts.stream().mapToDouble(d -> d).average().orElse(0),
                stops.stream().mapToDouble(d -> d).average().orElse(0));
    }
}
