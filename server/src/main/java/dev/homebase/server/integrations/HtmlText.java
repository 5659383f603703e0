package dev.homebase.server.integrations;

import java.util.regex.Pattern;

/** Tells HTML bodies from plain text, and makes the plain-text alternative of an HTML body. */
final class HtmlText {
    private static final Pattern TAG = Pattern.compile(
            "<\\s*/?\\s*(html|body|head|p|br|div|span|a|b|i|u|em|strong|h[1-6]|table|tr|td|th|ul|ol|li|img|hr|blockquote|pre|code|center|font)\\b[^>]*>",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DROPPED = Pattern.compile("(?is)<(script|style|head)\\b.*?</\\1\\s*>");
    private static final Pattern BREAK = Pattern.compile("(?i)<\\s*(br|/p|/div|/h[1-6]|/li|/tr|hr)\\b[^>]*>");
    private static final Pattern ITEM = Pattern.compile("(?i)<\\s*li\\b[^>]*>");
    private static final Pattern ANY_TAG = Pattern.compile("<[^>]*>");

    private HtmlText() {}

    /** Whether {@code body} looks like HTML (it holds at least one common HTML tag). */
    static boolean isHtml(String body) {
        return TAG.matcher(body).find();
    }

    /** A readable plain-text version of an HTML body: tags dropped, line breaks kept, common entities decoded. */
    static String toText(String html) {
        String s = DROPPED.matcher(html).replaceAll("");
        s = BREAK.matcher(s).replaceAll("\n");
        s = ITEM.matcher(s).replaceAll("- ");
        s = ANY_TAG.matcher(s).replaceAll("");
        s = s.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&apos;", "'").replace("&amp;", "&");
        StringBuilder out = new StringBuilder();
        int blank = 0;
        for (String line : s.split("\r?\n", -1)) {
            String t = line.strip().replaceAll("[ \\t]+", " ");
            if (t.isEmpty()) {
                if (out.length() > 0 && blank++ == 0) out.append('\n');
                continue;
            }
            blank = 0;
            out.append(t).append('\n');
        }
        return out.toString().strip();
    }
}
