/**
 * Choosing what to explain ({@code docs/method.md}, section 3): the neuron-specific similarity
 * {@code sim_n(a, b) = cos(w_n ⊙ f(a), w_n ⊙ f(b))} and the search for the preferred-category
 * reference images most similar to an out-of-category image for one neuron.
 *
 * <p>May depend on: {@code attribution} (the reference point), {@code util}.
 */
package io.github.sharedvis.pairing;
