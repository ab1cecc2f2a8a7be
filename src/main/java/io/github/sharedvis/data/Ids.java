package io.github.sharedvis.data;

import io.github.sharedvis.util.InputException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rules every stimulus and neuron id obeys, whatever file it comes from: not empty and free of
 * control characters (line breaks, tabs, NUL), so an id is one line in every text output
 * ({@code features/stimulus_ids.txt}, tables, logs). Any other character is allowed; file names are made
 * from ids by {@link io.github.sharedvis.util.FileNames}. Also checks table headers, whose column names
 * are neuron ids in a wide CSV.
 */
final class Ids {

    private Ids() {}

    /**
     * @param id an id
     * @param what where it comes from, for the message (file, line or column)
     * @throws InputException when it is empty or holds a control character
     */
    static void check(String id, String what) {
        if (id == null || id.isEmpty()) {
            throw new InputException(what + " is empty; give every stimulus and neuron an id");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                throw new InputException(what + " '" + printable(id) + "' contains the control character "
                        + String.format(Locale.ROOT, "U+%04X", (int) c) + " at position " + (i + 1)
                        + "; ids must be one line of text without tabs or line breaks, remove it");
            }
        }
    }

    /**
     * Checks the column names of a table: none empty, none repeated.
     *
     * @param names the header, in column order
     * @param file the file, for the message
     * @throws InputException naming the column(s) and the fix
     */
    static void checkHeader(List<String> names, String file) {
        if (names == null) {
            return;
        }
        Map<String, Integer> first = new HashMap<>();
        for (int c = 0; c < names.size(); c++) {
            String n = names.get(c);
            if (n == null || n.isEmpty()) {
                throw new InputException(file + ": header column " + (c + 1) + " has no name; every column "
                        + "needs one (in a wide response table the name is the neuron id)");
            }
            Integer before = first.putIfAbsent(n, c);
            if (before != null) {
                throw new InputException(file + ": header column " + (c + 1) + " '" + printable(n)
                        + "' repeats column " + (before + 1) + "; column names (neuron ids) must be unique, rename one");
            }
            check(n, file + ": header column " + (c + 1));
        }
    }

    /** @return the id with control characters shown as escapes, for messages */
    static String printable(String id) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            sb.append(Character.isISOControl(c) ? String.format(Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.toString();
    }
}
