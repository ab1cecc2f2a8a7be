package io.github.sharedvis.evaluation;

import java.awt.image.BufferedImage;

/**
 * A planted pair with its images and maps, kept for the figure and the randomisation check.
 *
 * @param pair the scores
 * @param neuronRow the neuron's row in its run's readout
 * @param category the neuron's preferred category (its run)
 * @param planted the planted image (model geometry)
 * @param source the source image (model geometry)
 * @param reference the first variant's retrieved reference (model geometry)
 * @param oocMaps reduced ooc maps {@code [methods][H·W]}, methods as in {@link PlantedPair}
 * @param referenceMaps reduced forced-source maps {@code [methods][H·W]}
 */
public record PlantedExample(PlantedPair pair, int neuronRow, String category, BufferedImage planted,
        BufferedImage source, BufferedImage reference, float[][] oocMaps, float[][] referenceMaps) {}
