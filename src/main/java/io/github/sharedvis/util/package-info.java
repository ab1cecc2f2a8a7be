/**
 * Small helpers every package may use: atomic file writes, safe unique file names, progress bars,
 * float conversions, half-precision floats, ordered maps, UTF-8 checks, pruning of stale outputs.
 *
 * <p>May depend on: no other sharedvis package (this one is the bottom).
 */
package io.github.sharedvis.util;
