package io.stressfw.stressctl;

/**
 * Where {@code --wait} registers what to do when the JVM is told to stop (SIGINT, SIGTERM): the runtime's hooks, or
 * in tests a recorder that runs them on demand.
 */
interface ShutdownHooks {
    ShutdownHooks RUNTIME = new ShutdownHooks() {
        @Override
        public void add(Thread hook) {
            Runtime.getRuntime().addShutdownHook(hook);
        }

        @Override
        public void remove(Thread hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down: the hook runs (or ran) anyway.
            }
        }
    };

    void add(Thread hook);

    void remove(Thread hook);
}
