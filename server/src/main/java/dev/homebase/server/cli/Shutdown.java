package dev.homebase.server.cli;

import sun.misc.Signal;

/**
 * Clean shutdown on SIGTERM and SIGINT: runs the given action once, then lets the command return
 * normally so the process exits 0 (a plain JVM shutdown hook would exit 143).
 */
final class Shutdown {
    private Shutdown() {}

    static void onSignal(Runnable action) {
        Runnable once = new Runnable() {
            private boolean done;

            @Override
            public synchronized void run() {
                if (done) return;
                done = true;
                action.run();
            }
        };
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> once.run());
        }
    }
}
