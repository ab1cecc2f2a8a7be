package io.github.sharedvis.pairing;

/**
 * One reference candidate.
 *
 * @param index the position of the image in the preferred-category list passed to the search
 * @param similarity its neuron-specific similarity to the out-of-category image, in [-1, 1]
 */
public record Candidate(int index, double similarity) {}
