package io.github.sharedvis.cli;

import java.util.ListResourceBundle;
import java.util.ResourceBundle;

/**
 * Defaults that a command's help names but that are not compile-time constants (lists, enum
 * properties, a mixin's per-command default), taken from where the code keeps them. Picocli reads
 * them from the command's resource bundle: an option description says {@code ${bundle:KEY}} (with
 * {@code :-FALLBACK} when a command may have none), and {@link Main} installs each command's bundle.
 */
final class HelpDefaults {
    private HelpDefaults() {}

    /**
     * @param entries {@code {key, value}} pairs
     * @return a bundle holding them
     */
    static ResourceBundle of(Object[]... entries) {
        Object[][] copy = entries.clone();
        return new ListResourceBundle() {
            @Override
            protected Object[][] getContents() {
                return copy;
            }
        };
    }
}
