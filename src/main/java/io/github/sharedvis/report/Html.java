package io.github.sharedvis.report;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Escaping for HTML/XML text and attribute values, and for relative URLs. */
final class Html {

    private Html() {}

    /**
     * Escapes text for HTML and XML content and quoted attribute values. Characters that XML 1.0 forbids
     * (control characters other than tab, newline, carriage return; lone surrogates) become U+FFFD so
     * that the SVG files stay well-formed whatever a neuron id contains.
     *
     * @param s any text (null gives "")
     * @return the escaped text
     */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c) || (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                            || c == 0xfffe || c == 0xffff) {
                        sb.append('\ufffd');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /**
     * Builds a relative URL from path segments, percent-encoding each (file names are already sanitised;
     * this is a second line of defence).
     *
     * @param segments path segments, e.g. "assets", "x.png"
     * @return e.g. {@code assets/x.png}
     */
    static String url(String... segments) {
        StringBuilder sb = new StringBuilder();
        for (String seg : segments) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            if (seg.equals("..") || seg.equals(".")) {
                sb.append(seg);
            } else {
                sb.append(URLEncoder.encode(seg, StandardCharsets.UTF_8).replace("+", "%20"));
            }
        }
        return sb.toString();
    }
}
