package io.github.sharedvis.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.sharedvis.attribution.ChannelReduction;
import io.github.sharedvis.attribution.SaliencyMaps;
import io.github.sharedvis.data.Npy;
import io.github.sharedvis.run.RunFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * How the report shows a run's raw maps: the {@code [display]} settings recorded in {@code run.json}
 * ({@code config.display}; missing keys take the defaults below).
 *
 * @param reduction channel reduction of the raw maps ({@code reduction}, default positive)
 * @param smoothingSigma Gaussian smoothing in pixels ({@code smoothing_sigma}, default 0)
 * @param overlayAlpha opacity of the strongest map value over the image ({@code overlay_alpha}, default 0.75)
 */
public record MapDisplay(ChannelReduction reduction, double smoothingSigma, float overlayAlpha) {
    /** The defaults used when run.json does not say. */
    public static final MapDisplay DEFAULT = new MapDisplay(ChannelReduction.POSITIVE, 0.0, 0.75f);

    /** @return a human-readable description, e.g. "positive part of the channel sum, σ = 2 px" */
    public String describe() {
        String r = switch (reduction) {
            case POSITIVE -> "positive part of the channel sum";
            case ABS -> "absolute value of the channel sum";
            case L2 -> "L2 norm over channels";
        };
        return r + (smoothingSigma > 0 ? ", Gaussian smoothing σ = " + Text.compact(smoothingSigma, 4) + " px"
                : ", no smoothing");
    }

    /**
     * @param run a run
     * @return the display settings its run.json records
     * @throws IOException when a recorded setting is invalid; the message names run.json and the key
     */
    public static MapDisplay of(RunFiles run) throws IOException {
        JsonNode d = run.runJson().path("config").path("display");
        String file = run.layout().runJson().toString();
        ChannelReduction r = DEFAULT.reduction();
        if (d.hasNonNull("reduction")) {
            try {
                r = ChannelReduction.parse(d.get("reduction").asText());
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": config.display.reduction: " + e.getMessage(), e);
            }
        }
        double sigma = DEFAULT.smoothingSigma();
        if (d.hasNonNull("smoothing_sigma")) {
            sigma = d.get("smoothing_sigma").asDouble(Double.NaN);
            if (!(sigma >= 0) || Double.isInfinite(sigma)) {
                throw new IOException(file + ": config.display.smoothing_sigma must be a number >= 0 (pixels), got "
                        + d.get("smoothing_sigma"));
            }
        }
        float alpha = DEFAULT.overlayAlpha();
        if (d.hasNonNull("overlay_alpha")) {
            alpha = (float) d.get("overlay_alpha").asDouble(Double.NaN);
            if (!(alpha >= 0 && alpha <= 1)) {
                throw new IOException(file + ": config.display.overlay_alpha must be in [0, 1], got "
                        + d.get("overlay_alpha"));
            }
        }
        return new MapDisplay(r, sigma, alpha);
    }

    /**
     * Reads a raw saliency map of a run and turns it into the display map: channel reduction, then smoothing.
     *
     * @param run the run
     * @param relative path of the .npy ([3, H, W], or an already reduced [H, W] or [1, H, W])
     * @param h expected height (of the image the map belongs to)
     * @param w expected width
     * @return pixel map [H, W]
     * @throws IOException when the file is missing, unreadable, or has another size than the image
     */
    public float[] map(RunFiles run, String relative, int h, int w) throws IOException {
        Path p = run.resolve(relative);
        if (!Files.isRegularFile(p)) {
            throw new IOException(p + " not found (referenced by " + run.layout().pairs() + ")");
        }
        Npy.Array a = Npy.read(p);
        long[] s = a.shape();
        boolean ok = (s.length == 3 && s[1] == h && s[2] == w && s[0] >= 1) || (s.length == 2 && s[0] == h && s[1] == w);
        if (!ok) {
            throw new IOException(p + ": map of shape " + Arrays.toString(s) + " does not fit its image of " + h
                    + "x" + w + " pixels; expected [3, " + h + ", " + w + "] (the raw saliency before channel reduction)");
        }
        float[] map = SaliencyMaps.reduce(a.toFloats(), h, w, reduction);
        return SaliencyMaps.gaussianSmooth(map, h, w, smoothingSigma);
    }
}
