/**
 * The {@code sharedvis} command line (picocli): one subcommand per pipeline step plus {@code run},
 * {@code init}, {@code demo}, {@code simulate}, {@code validate}, {@code compare} and {@code backbones}. Decides what
 * a user mistake is (a message, exit 2) and what an internal bug is (its stack trace).
 *
 * <p>May depend on: {@code attribution}, {@code backbone}, {@code backbone.tfjs}, {@code cluster}, {@code compare}, {@code data},
 * {@code evaluation}, {@code pipeline}, {@code readout}, {@code report}, {@code run},
 * {@code synthetic}, {@code util}: it is the top, nothing depends on it.
 */
package io.github.sharedvis.cli;
