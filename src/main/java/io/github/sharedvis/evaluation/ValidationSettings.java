package io.github.sharedvis.evaluation;

import java.nio.file.Path;
import java.util.List;

/**
 * A validation's options as {@link Validation.Builder} checked them: plain data shared by the steps
 * (stimuli, pipeline runs, tables, report), so each reads the same values.
 *
 * @param data the fLoc folder (with {@code labels.csv})
 * @param out the output folder
 * @param label the split's name in the report ({@code dev}, {@code heldout} or {@code custom})
 * @param model bundled model or model file for neurons and readout
 * @param encodingLayer the encoding model's node
 * @param neuronLayer the synthetic neurons' node
 * @param perCategory fLoc images per category
 * @param neuronsPerCategory synthetic neurons per category
 * @param neuronCategories fLoc neuron categories
 * @param silhouettes whether the uniform-background silhouettes are an arm
 * @param silhouettesPerCategory silhouettes generated per category
 * @param patchFractions patch areas as fractions of the image {@code [patch sizes]}
 * @param pairsPerCell planted pairs per fLoc neuron and patch size
 * @param silhouettePairsPerCell planted pairs per silhouette neuron and patch size
 * @param seeds the seeds
 * @param variants the variants under test; the first explains the pipeline runs
 * @param choose whether to write {@code selection.md}
 * @param deletion whether to run the deletion curves
 * @param igSteps IG steps of the IG variants and baseline
 * @param cascadeSteps cascade steps of the randomisation check, 0 = off
 * @param resamples bootstrap resamples
 */
record ValidationSettings(Path data, Path out, String label, String model, String encodingLayer, String neuronLayer,
        int perCategory, int neuronsPerCategory, List<String> neuronCategories, boolean silhouettes,
        int silhouettesPerCategory, double[] patchFractions, int pairsPerCell, int silhouettePairsPerCell,
        List<Long> seeds, List<PlantedFeatureBenchmark.Variant> variants, boolean choose, boolean deletion,
        int igSteps, int cascadeSteps, int resamples) {

    /** Copies the lists and the array, so a builder reused afterwards cannot change a running validation. */
    ValidationSettings {
        neuronCategories = List.copyOf(neuronCategories);
        patchFractions = patchFractions.clone();
        seeds = List.copyOf(seeds);
        variants = List.copyOf(variants);
    }

    /** @return the patch fractions (a copy) */
    @Override
    public double[] patchFractions() {
        return patchFractions.clone();
    }
}
