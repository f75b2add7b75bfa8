package io.stressfw.service;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The host name this process runs on: HOSTNAME (the pod name in Kubernetes), else the resolver's answer. */
public final class Hosts {
    private static final String HOSTNAME = resolve();

    private Hosts() {
    }

    public static String hostname() {
        return HOSTNAME;
    }

    private static String resolve() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
