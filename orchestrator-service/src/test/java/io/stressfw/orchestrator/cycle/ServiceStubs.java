package io.stressfw.orchestrator.cycle;

import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import io.stressfw.model.ServiceKind;
import io.stressfw.orchestrator.config.CycleSettings;
import io.stressfw.orchestrator.config.OrchestratorSettings;
import io.stressfw.orchestrator.config.SafetyClientSettings;
import io.stressfw.service.ServiceIdentity;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The settings and Quarkus pieces {@link CycleService} needs, as plain objects with the documented defaults. */
public final class ServiceStubs {
    private ServiceStubs() {
    }

    public static OpenConnections noConnections() {
        return new OpenConnections() {
            @Override
            public Stream<WebSocketConnection> stream() {
                return Stream.empty();
            }

            @Override
            public Iterator<WebSocketConnection> iterator() {
                return List.<WebSocketConnection>of().iterator();
            }
        };
    }

    public static CycleSettings cycleSettings() {
        return cycleSettings(Duration.ofSeconds(1));
    }

    public static CycleSettings cycleSettings(Duration idleTick) {
        return new CycleSettings() {
            public Duration tick() {
                return Duration.ofMillis(100);
            }

            public Duration idleTick() {
                return idleTick;
            }

            public Duration lease() {
                return Duration.ofSeconds(5);
            }

            public Duration commandInterval() {
                return Duration.ofMillis(500);
            }

            public Duration adaptiveInterval() {
                return Duration.ofSeconds(1);
            }

            public double throttleStep() {
                return 10;
            }

            public Duration emergencyAckTimeout() {
                return Duration.ofSeconds(5);
            }

            public int minAgents() {
                return 1;
            }

            public Duration fitRetryInterval() {
                return Duration.ofSeconds(1);
            }

            public Tolerance tolerance() {
                return new Tolerance() {
                    public double cpu() {
                        return 5;
                    }

                    public double memory() {
                        return 5;
                    }

                    public double io() {
                        return 10;
                    }

                    public double network() {
                        return 10;
                    }
                };
            }
        };
    }

    public static SafetyClientSettings safetySettings() {
        return new SafetyClientSettings() {
            public String url() {
                return "http://127.0.0.1:1";
            }

            public Duration heartbeatTimeout() {
                return Duration.ofSeconds(3);
            }

            public Duration preflightTimeout() {
                return Duration.ofSeconds(1);
            }

            public Optional<String> apiKey() {
                return Optional.empty();
            }
        };
    }

    public static OrchestratorSettings orchestratorSettings(Path dataDir) {
        return orchestratorSettings(dataDir, 1000);
    }

    public static OrchestratorSettings orchestratorSettings(Path dataDir, int historyMaxCycles) {
        return new OrchestratorSettings() {
            public Optional<String> dataDir() {
                return Optional.of(dataDir.toString());
            }

            public int historyMaxCycles() {
                return historyMaxCycles;
            }

            public Duration sourceRetention() {
                return Duration.ofMinutes(10);
            }

            public Duration agentTimeout() {
                return Duration.ofSeconds(3);
            }

            public Duration updateInterval() {
                return Duration.ofMillis(500);
            }

            public Optional<List<String>> webhookUrls() {
                return Optional.empty();
            }

            public Optional<List<String>> webhookSecret() {
                return Optional.empty();
            }

            public int webhookAttempts() {
                return 3;
            }

            public Duration webhookTimeout() {
                return Duration.ofSeconds(2);
            }

            public Optional<String> probeUrl() {
                return Optional.empty();
            }

            public Duration probeInterval() {
                return Duration.ofSeconds(1);
            }
        };
    }

    public static ServiceIdentity identity() {
        return new ServiceIdentity() {
            public ServiceKind kind() {
                return ServiceKind.ORCHESTRATOR;
            }

            public Optional<String> id() {
                return Optional.of("orchestrator-test");
            }

            public String version() {
                return "test";
            }
        };
    }
}
