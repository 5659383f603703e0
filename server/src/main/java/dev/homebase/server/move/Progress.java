package dev.homebase.server.move;

import java.io.PrintStream;

/**
 * Progress of a move, per entity: records read and the rate. On a terminal one line per entity is redrawn in place
 * with a moving bar; otherwise (logs, CI) one plain line per page.
 */
public final class Progress {
    private final PrintStream out;
    private final boolean terminal;
    private long started;

    public Progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /**
     * Whether stdout is a terminal: {@code System.console()} exists and (from Java 22 on, where a console exists even
     * when output is redirected) {@code Console.isTerminal()} says so.
     */
    public static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) return false;
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // Java 21: a console exists only for a terminal
        }
    }

    void line(String text) {
        out.println(text);
        out.flush();
    }

    void start(String entity, String how) {
        started = System.nanoTime();
        if (!terminal) line(entity + ": reading (" + how + ")");
    }

    void advance(String entity, long read) {
        String text = entity + ": " + read + " read, " + rate(read) + "/s";
        if (terminal) {
            int pos = (int) ((System.nanoTime() - started) / 250_000_000L % 20);
            String bar = " ".repeat(pos) + "=" + " ".repeat(19 - pos);
            out.print("\r[" + bar + "] " + text + "   ");
            out.flush();
        } else {
            line(text);
        }
    }

    void done(String entity, long read) {
        String text = entity + ": " + read + " read in " + String.format("%.1f", (System.nanoTime() - started) / 1e9) + " s (" + rate(read) + "/s)";
        if (terminal) out.print("\r[" + "=".repeat(20) + "] " + text + "   \n");
        else out.println(text);
        out.flush();
    }

    private long rate(long read) {
        double s = Math.max((System.nanoTime() - started) / 1e9, 0.001);
        return Math.round(read / s);
    }
}
