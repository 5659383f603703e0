package dev.homebase.server.query;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The regular-expression dialect {@code $regex} accepts: the common subset of Java regular
 * expressions (SQLite evaluates them in Java) and PostgreSQL advanced regular expressions.
 *
 * <p>Options are a subset of {@code i} (case-insensitive), {@code m} ({@code ^}/{@code $} at line
 * breaks) and {@code s} ({@code .} matches newlines); a leading inline group such as
 * {@code (?i)} is merged into them. Rejected, because one of the two engines lacks them: named
 * groups, atomic groups, possessive quantifiers, inline flags elsewhere than at the start, and
 * the escapes {@code \p \P \G \R \h \H \X \k \Q \E \z \K \N}, back-references and patterns
 * whose matching time can explode ({@link RegexComplexity}). Thread-safe.
 */
public final class RegexSyntax {

    private static final Pattern LEADING_FLAGS = Pattern.compile("^\\(\\?([ims]+)\\)");
    private static final String JAVA_ONLY_ESCAPES = "pPGRhHXkQEzKN";

    private RegexSyntax() {}

    /**
     * A checked regex condition with normalised options (sorted, no duplicates).
     *
     * @throws QueryException when the pattern or options cannot be used
     */
    static Filter.Regex check(String field, String pattern, String options) {
        if (pattern.length() > FilterParser.MAX_REGEX) {
            throw new QueryException("Regular expression longer than " + FilterParser.MAX_REGEX + " characters");
        }
        FilterParser.checkString(pattern);
        StringBuilder flags = new StringBuilder(options);
        Matcher leading = LEADING_FLAGS.matcher(pattern);
        if (leading.find()) {
            flags.append(leading.group(1));
            pattern = pattern.substring(leading.end());
        }
        String normalized = normalizeOptions(flags.toString());
        checkPortable(pattern);
        try {
            Pattern.compile(pattern, javaFlags(normalized));
        } catch (PatternSyntaxException e) {
            throw new QueryException("Invalid regular expression: " + FieldPath.shorten(e.getDescription()));
        }
        RegexComplexity.check(pattern, javaFlags(normalized));
        return new Filter.Regex(field, pattern, normalized);
    }

    private static final int CACHE_LIMIT = 256;
    private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

    /**
     * The compiled pattern for a checked regex and its normalised options, from a small cache
     * (filters are re-evaluated per row and per realtime event).
     *
     * @throws java.util.regex.PatternSyntaxException for a pattern that did not pass {@link #check}
     */
    public static Pattern compile(String pattern, String options) {
        String key = options + "/" + pattern;
        Pattern compiled = CACHE.get(key);
        if (compiled == null) {
            if (CACHE.size() >= CACHE_LIMIT) CACHE.clear();
            compiled = Pattern.compile(pattern, javaFlags(options));
            CACHE.put(key, compiled);
        }
        return compiled;
    }

    /** How long one {@link #find} may run, in milliseconds. */
    public static final long BUDGET_MILLIS = 1000;

    /** How many characters one {@link #find} may read (backtracking reads them again), whatever the machine's speed. */
    public static final long BUDGET_READS = 100_000_000L;

    /** The message of a match that ran out of time or stack. */
    public static final String TOO_COMPLEX = RegexComplexity.TOO_COMPLEX;

    /**
     * Whether {@code pattern} is found in {@code text}, giving up after {@value #BUDGET_MILLIS} ms
     * or {@value #BUDGET_READS} character reads so that a catastrophic pattern cannot pin a core.
     * Java's matcher recurses once per repetition of a group, so {@code (ab|cd)*} over a long
     * value can overflow the stack: that fails the same way.
     *
     * @throws QueryException ({@value #TOO_COMPLEX}) when the time budget or the stack runs out
     */
    public static boolean find(Pattern pattern, String text) {
        try {
            return pattern.matcher(new DeadlineCharSequence(text, System.nanoTime() + BUDGET_MILLIS * 1_000_000)).find();
        } catch (DeadlineCharSequence.Expired | StackOverflowError e) {
            throw new QueryException(TOO_COMPLEX);
        }
    }

    /** The {@link Pattern} flags for normalised options. */
    public static int javaFlags(String options) {
        int flags = 0;
        if (options.indexOf('i') >= 0) flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        if (options.indexOf('m') >= 0) flags |= Pattern.MULTILINE;
        if (options.indexOf('s') >= 0) flags |= Pattern.DOTALL;
        return flags;
    }

    private static String normalizeOptions(String options) {
        StringBuilder out = new StringBuilder();
        for (char option : new char[] {'i', 'm', 's'}) {
            if (options.indexOf(option) >= 0) out.append(option);
        }
        for (char c : options.toCharArray()) {
            if ("ims".indexOf(c) < 0) {
                throw new QueryException("Unsupported regular expression option '" + c + "' (use i, m or s)");
            }
        }
        return out.toString();
    }

    private static void checkPortable(String pattern) {
        boolean inClass = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            char next = i + 1 < pattern.length() ? pattern.charAt(i + 1) : '\0';
            if (c == '\\') {
                if (JAVA_ONLY_ESCAPES.indexOf(next) >= 0) unsupported("\\" + next);
                i++;
            } else if (inClass) {
                if (c == ']') inClass = false;
            } else if (c == '[') {
                inClass = true;
                if (next == '^') i++;
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == ']') i++; // a leading ] is literal
            } else if (c == '(' && next == '?') {
                char kind = i + 2 < pattern.length() ? pattern.charAt(i + 2) : '\0';
                if (kind == '>') unsupported("(?>");
                if (kind == '<' && i + 3 < pattern.length() && Character.isLetter(pattern.charAt(i + 3))) unsupported("(?<name>");
                if (Character.isLetter(kind)) unsupported("inline flags");
                i++; // the ? is not a quantifier
            } else if ((c == '*' || c == '+' || c == '?' || c == '}') && next == '+') {
                unsupported("possessive quantifiers");
            }
        }
    }

    private static void unsupported(String what) {
        throw new QueryException("Unsupported regular expression syntax: " + what);
    }

    /** A string view that fails once a deadline has passed; the regex engine reads through it. */
    private static final class DeadlineCharSequence implements CharSequence {
        private final String text;
        private final long deadline;
        private long reads;

        /** Thrown from {@link #charAt} once the deadline has passed. */
        static final class Expired extends RuntimeException {
            Expired() {
                super("regular expression took too long", null, false, false);
            }
        }

        DeadlineCharSequence(String text, long deadline) {
            this.text = text;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0x3ff) == 0 && (reads > BUDGET_READS || System.nanoTime() > deadline)) {
                throw new Expired();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new DeadlineCharSequence(text.substring(start, end), deadline);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
