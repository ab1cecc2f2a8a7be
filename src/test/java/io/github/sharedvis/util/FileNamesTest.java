package io.github.sharedvis.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The file-name scheme of docs/outputs.md ("File names of ids"), checked as a property over many ids. */
class FileNamesTest {

    static String sha8(String id) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d).substring(0, 8);
    }

    @Test
    void namesAreInjectiveIgnoringCaseAndFollowTheDocumentedRule() throws Exception {
        Random rnd = new Random(7);
        String alphabet = "aAbB01._- @!;:/\\\"é日";
        Set<String> ids = new LinkedHashSet<>(List.of("n @", "n!!", "n01", "N01", "CON", "con.txt", "LPT1", "aux",
                "a.", ".hidden", "-x", "plain", "x".repeat(70), "s @", "s!!"));
        while (ids.size() < 3000) {
            StringBuilder sb = new StringBuilder();
            int len = 1 + rnd.nextInt(6);
            for (int i = 0; i < len; i++) {
                sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            ids.add(sb.toString());
        }
        FileNames names = new FileNames(new ArrayList<>(ids));
        Map<String, String> owner = new HashMap<>();
        Map<String, Integer> folded = new HashMap<>();
        for (String id : ids) {
            folded.merge(id.toLowerCase(Locale.ROOT), 1, Integer::sum);
        }
        for (String id : ids) {
            String n = names.of(id);
            String before = owner.put(n.toLowerCase(Locale.ROOT), id);
            assertTrue(before == null, "'" + id + "' and '" + before + "' share the name " + n);
            assertTrue(n.matches("[A-Za-z0-9][A-Za-z0-9._-]*") && n.length() <= 64 && !n.endsWith("."), n);
            boolean plain = id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}") && !id.endsWith(".")
                    && !id.matches("(?i)(con|prn|aux|nul|com[0-9]|lpt[0-9])(\\..*)?")
                    && folded.get(id.toLowerCase(Locale.ROOT)) == 1;
            if (plain) {
                assertEquals(id, n, "a safe id is its own name");
            } else {
                assertTrue(n.endsWith("-" + sha8(id)) || n.matches(".*-" + sha8(id) + "-[0-9]+"),
                        "'" + id + "' gets the SHA-256 suffix: " + n);
            }
        }
        assertEquals("n__-" + sha8("n @"), names.of("n @"));
        assertEquals("CON-" + sha8("CON"), names.of("CON"));
        assertEquals("N01-" + sha8("N01"), names.of("N01"));
    }
}
