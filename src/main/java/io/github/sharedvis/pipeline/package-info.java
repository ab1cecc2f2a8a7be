/**
 * The resumable job ({@code docs/method.md}, sections 1 to 5): the run configuration (every key
 * declared once in {@code ConfigSchema}), the four steps as objects (extract, fit, explain, report)
 * walked by one runner with stamps computed from the config sections each reads, and the run lock.
 *
 * <p>May depend on: {@code attribution}, {@code backbone}, {@code data}, {@code pairing},
 * {@code readout}, {@code report}, {@code run}, {@code util}.
 */
package io.github.sharedvis.pipeline;
