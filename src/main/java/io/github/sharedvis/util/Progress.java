package io.github.sharedvis.util;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A text progress bar on standard error for steps that take more than a second. It redraws at most
 * a few times a second and stays silent when the step finishes within {@code quietMillis}, so that
 * fast steps and tests print nothing.
 */
public final class Progress implements AutoCloseable {

    /** Receives progress; {@link #NONE} ignores it. */
    public interface Listener {
        /**
         * @param done units finished so far
         */
        void advance(long done);

        /** A listener that ignores everything. */
        Listener NONE = done -> { };
    }

    private final String label;
    private final long total;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private final long quietNanos;
    private long lastDraw;
    private long done;
    private long lastDone;
    private boolean drawn;

    /**
     * @param label what is being done, e.g. {@code "extract"}
     * @param total the number of units
     * @param out where to draw, or {@code null} for silence
     */
    public Progress(String label, long total, PrintStream out) {
        this(label, total, out, 1000);
    }

    /**
     * @param label what is being done
     * @param total the number of units
     * @param out where to draw, or {@code null} for silence
     * @param quietMillis draw nothing before this much time has passed
     */
    public Progress(String label, long total, PrintStream out, long quietMillis) {
        this.label = label;
        this.total = Math.max(total, 1);
        this.out = out;
        this.quietNanos = quietMillis * 1_000_000L;
    }

    /**
     * Adds finished units.
     *
     * @param units how many
     */
    public synchronized void step(long units) {
        done += units;
        long now = System.nanoTime();
        if (out != null && now - start >= quietNanos && (now - lastDraw > 200_000_000L || (done >= total && lastDone < total))) {
            draw(now);
            lastDraw = now;
            lastDone = done;
        }
    }

    private void draw(long now) {
        double frac = Math.min(1.0, done / (double) total);
        int width = 30;
        int filled = (int) Math.round(frac * width);
        double secs = (now - start) / 1e9;
        double eta = frac > 0 ? secs / frac - secs : 0;
        out.printf(Locale.ROOT, "\r%-10s [%s%s] %d/%d %5.1fs eta %5.1fs", label, "#".repeat(filled),
                " ".repeat(width - filled), done, total, secs, eta);
        out.flush();
        drawn = true;
    }

    @Override
    public synchronized void close() {
        if (drawn && out != null) {
            if (done < total) {
                draw(System.nanoTime()); // show where an interrupted step stopped
            }
            out.println();
        }
    }
}
