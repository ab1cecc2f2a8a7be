package io.github.sharedvis.run;

import java.util.ArrayList;
import java.util.List;

/**
 * One candidate reference of a pair, as listed in the {@code reference_candidates} cell of
 * {@code pairs.csv}: {@code id:similarity;id:similarity;...}, best first. A backslash, {@code ;} and
 * {@code :} inside an id are escaped with a backslash, so the list splits unambiguously
 * ({@code docs/outputs.md}).
 *
 * @param id the preferred-category stimulus id
 * @param similarity its neuron-specific similarity to the ooc image
 */
public record ReferenceCandidate(String id, double similarity) {

    /**
     * @param candidates the candidates, best first
     * @return the cell text
     */
    public static String encode(List<ReferenceCandidate> candidates) {
        StringBuilder sb = new StringBuilder();
        for (ReferenceCandidate c : candidates) {
            sb.append(sb.length() == 0 ? "" : ";")
                    .append(c.id().replace("\\", "\\\\").replace(";", "\\;").replace(":", "\\:"))
                    .append(':').append(Csv.number(c.similarity()));
        }
        return sb.toString();
    }

    /**
     * @param cell the cell text ({@code ""}: none)
     * @return the candidates, best first
     * @throws IllegalArgumentException when an entry has no {@code :similarity} or it is not a number;
     *     the message says which entry
     */
    public static List<ReferenceCandidate> decode(String cell) {
        List<ReferenceCandidate> out = new ArrayList<>();
        if (cell.isEmpty()) {
            return out;
        }
        StringBuilder id = new StringBuilder();
        String number = null; // non-null once the unescaped ':' of the current entry was read
        for (int i = 0; i <= cell.length(); i++) {
            char ch = i < cell.length() ? cell.charAt(i) : ';';
            if (ch == '\\' && i + 1 < cell.length() && number == null) {
                id.append(cell.charAt(++i));
            } else if (ch == ':' && number == null) {
                number = "";
            } else if (ch == ';') {
                if (number == null) {
                    throw new IllegalArgumentException("entry " + (out.size() + 1) + " ('" + id
                            + "') has no ':similarity'; write id:similarity;id:similarity");
                }
                try {
                    out.add(new ReferenceCandidate(id.toString(), Double.parseDouble(number)));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("entry " + (out.size() + 1) + " ('" + id + "'): '" + number
                            + "' is not a number");
                }
                id.setLength(0);
                number = null;
            } else if (number != null) {
                number += ch;
            } else {
                id.append(ch);
            }
        }
        return out;
    }
}
