package io.github.sharedvis.util;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one file-name scheme of a run directory ({@code docs/outputs.md}, "File names of ids"): safe,
 * unique file names for arbitrary ids (neuron ids, stimulus ids). An id that is already a safe
 * name ({@code [A-Za-z0-9][A-Za-z0-9._-]*}, at most 64 characters, not a Windows device name) is used
 * as is; any other id is reduced to those characters and suffixed with 8 hex digits of its SHA-256, so
 * different ids never share a name. Names are also unique ignoring case (for case-insensitive file
 * systems): ids that would collide that way get the hash suffix too.
 */
public final class FileNames {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern RESERVED = Pattern.compile("(?i)(con|prn|aux|nul|com[0-9]|lpt[0-9])(\\..*)?");

    private final Map<String, String> names = new LinkedHashMap<>();

    /**
     * @param ids all ids that need names (duplicates allowed); each id is its own candidate name
     */
    public FileNames(Collection<String> ids) {
        this(identity(ids));
    }

    private static Map<String, String> identity(Collection<String> ids) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String id : ids) {
            m.put(id, id);
        }
        return m;
    }

    /**
     * Names for relative file paths: the candidate is the file name without directory and extension
     * (e.g. {@code images/obj 1.png} → {@code obj_1-<hash>}, {@code images/obj1.png} → {@code obj1}).
     *
     * @param paths relative paths
     * @return their names
     */
    public static FileNames forPaths(Collection<String> paths) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String p : paths) {
            String base = p.replace('\\', '/');
            base = base.substring(base.lastIndexOf('/') + 1);
            int dot = base.lastIndexOf('.');
            m.put(p, dot > 0 ? base.substring(0, dot) : base);
        }
        return new FileNames(m);
    }

    /**
     * @param candidates for each id (key) the name it would like (value)
     */
    public FileNames(Map<String, String> candidates) {
        Map<String, Integer> lowerCount = new LinkedHashMap<>();
        for (String cand : candidates.values()) {
            if (isSafe(cand)) {
                lowerCount.merge(cand.toLowerCase(Locale.ROOT), 1, Integer::sum);
            }
        }
        Set<String> used = new HashSet<>();
        for (Map.Entry<String, String> e : candidates.entrySet()) {
            String id = e.getKey();
            String cand = e.getValue();
            String name;
            if (isSafe(cand) && lowerCount.get(cand.toLowerCase(Locale.ROOT)) == 1) {
                name = cand;
            } else {
                name = hashed(cand, id);
            }
            if (!used.add(name.toLowerCase(Locale.ROOT))) {
                // a plain name equal to another id's hashed name: astronomically unlikely; keep names unique anyway
                int k = 2;
                while (!used.add((name + "-" + k).toLowerCase(Locale.ROOT))) {
                    k++;
                }
                name = name + "-" + k;
            }
            names.put(id, name);
        }
    }

    /**
     * @param id an id given to the constructor
     * @return its file-name stem (no extension)
     */
    public String of(String id) {
        String n = names.get(id);
        if (n == null) {
            throw new IllegalArgumentException("no file name assigned to id '" + id + "'");
        }
        return n;
    }

    /**
     * @param id an id
     * @return whether it is used as its own file name when no other id collides with it ignoring case
     */
    public static boolean isSafe(String id) {
        return SAFE.matcher(id).matches() && !RESERVED.matcher(id).matches() && !id.endsWith(".");
    }

    private static String hashed(String candidate, String id) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < candidate.length() && sb.length() < 48; i++) {
            char ch = candidate.charAt(i);
            boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                    || ch == '-' || ch == '_' || ch == '.';
            sb.append(ok ? ch : '_');
        }
        String stem = sb.toString().replaceAll("^[._-]+", "").replaceAll("\\.+$", "");
        if (stem.isEmpty()) {
            stem = "id";
        }
        return stem + "-" + sha256(id).substring(0, 8);
    }

    private static String sha256(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (byte b : d) {
                sb.append(String.format(Locale.ROOT, "%02x", b));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
