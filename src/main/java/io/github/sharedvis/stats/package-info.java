/**
 * General statistics that several packages use (correlation and its significance, the special
 * functions behind it), kept out of any one of them so that, e.g., {@code data} need not depend on
 * {@code readout}.
 *
 * <p>May depend on: no other sharedvis package.
 */
package io.github.sharedvis.stats;
