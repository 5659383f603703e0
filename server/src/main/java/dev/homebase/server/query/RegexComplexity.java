package dev.homebase.server.query;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Refuses regular expressions whose matching time can explode, before they reach either store:
 * both engines backtrack (Java's always, PostgreSQL's once a pattern has back-references), and a
 * 100 KB value is enough to pin a core or a database backend for minutes.
 *
 * <p>Refused, with a {@link QueryException} whose message starts {@value #TOO_COMPLEX}:
 * <ul>
 *   <li>groups nested more than {@value #MAX_GROUP_DEPTH} deep;</li>
 *   <li>repetition counts above {@value #MAX_COUNT} ({@code a{1000}}; PostgreSQL's limit too);</li>
 *   <li>nested quantifiers: a repeated group holding a variable repetition, as in {@code (a+)+},
 *       {@code (a*b?)*} or {@code ((ab)+c)*}; allowed when the group ends in a literal character
 *       that none of its repeated parts can match, as in {@code (\w+\.)+}, since each repetition
 *       can then end at only one place;</li>
 *   <li>a repeated group whose alternatives can start with the same character, as in
 *       {@code (a|a)*}, {@code (a|ab)+} or {@code (\w|\d)*};</li>
 *   <li>back-references ({@code \1}): PostgreSQL matches them by backtracking.</li>
 * </ul>
 * A pattern that passes can still be slow (for example many adjacent {@code .*}); SQLite's
 * matcher has a time budget for that ({@link RegexSyntax#find}) and PostgreSQL the statement time
 * limit. Thread-safe (each call uses its own state).
 */
final class RegexComplexity {
    /** Deepest group nesting accepted. */
    static final int MAX_GROUP_DEPTH = 10;
    /** Largest repetition count accepted in {@code {n,m}}. */
    static final int MAX_COUNT = 255;
    /** How every refusal's message starts. */
    static final String TOO_COMPLEX = "Regular expression too complex";

    /** One group being read: what the checks need to know about its content. */
    private static final class Group {
        /** Somewhere inside, a part repeats a variable number of times. */
        boolean variable;
        /** A nested group inside repeats or holds a repetition. */
        boolean nestedRepeat;
        /** The atoms repeated a variable number of times directly in this group. */
        final List<String> repeatedAtoms = new ArrayList<>();
        /** The first atom of each alternative (null: empty, optional or not a plain atom). */
        final List<String> firsts = new ArrayList<>();
        boolean atStart = true;
        /** The last part when it is a single mandatory literal character, else null. */
        String lastLiteral;
    }

    private final String pattern;
    private final int flags;
    private final Deque<Group> groups = new ArrayDeque<>();
    private int at;

    private RegexComplexity(String pattern, int flags) {
        this.pattern = pattern;
        this.flags = flags;
    }

    /**
     * Checks a pattern that already compiles in Java and passed the portability checks.
     *
     * @param flags the {@link Pattern} flags it runs with
     * @throws QueryException when it is refused
     */
    static void check(String pattern, int flags) {
        new RegexComplexity(pattern, flags).run();
    }

    private void run() {
        groups.push(new Group());
        while (at < pattern.length()) {
            char c = pattern.charAt(at);
            switch (c) {
                case '(' -> open();
                case ')' -> close();
                case '|' -> {
                    at++;
                    Group g = groups.peek();
                    if (g.atStart) g.firsts.add(null); // an empty alternative
                    g.atStart = true;
                    g.lastLiteral = null;
                }
                case '^', '$' -> at++; // anchors: zero width, change nothing
                case '[' -> atom(pattern.substring(at, at = classEnd(at)), false);
                case '\\' -> escape();
                default -> {
                    at++;
                    atom(String.valueOf(c), c != '.');
                }
            }
        }
    }

    private void open() {
        at++;
        if (at < pattern.length() && pattern.charAt(at) == '?') {
            // (?: (?= (?! (?<= (?<! : the rest of the prefix is not content
            at++;
            if (at < pattern.length() && pattern.charAt(at) == '<') at++;
            if (at < pattern.length()) at++;
        }
        if (groups.size() > MAX_GROUP_DEPTH) {
            throw tooComplex("groups nest deeper than " + MAX_GROUP_DEPTH + " levels");
        }
        groups.push(new Group());
    }

    private void close() {
        at++;
        if (groups.size() == 1) return; // unbalanced: Pattern.compile has refused it already
        Group inner = groups.pop();
        if (inner.atStart) inner.firsts.add(null);
        int[] q = quantifier();
        int min = q[0];
        int max = q[1];
        if (max > 1) {
            if (inner.variable && !endsUniquely(inner)) {
                throw tooComplex("nested quantifiers such as (a+)+ can take exponential time");
            }
            if (inner.firsts.size() > 1 && overlapping(inner.firsts)) {
                throw tooComplex("the alternatives of a repeated group, as in (a|ab)*, must start with different characters");
            }
        }
        Group outer = groups.peek();
        if (outer.atStart) outer.firsts.add(min > 0 && inner.firsts.size() == 1 ? inner.firsts.getFirst() : null);
        outer.atStart = false;
        boolean repeats = max > min && max > 1;
        outer.variable |= inner.variable || repeats;
        outer.nestedRepeat |= inner.variable || max > 1;
        outer.lastLiteral = null;
    }

    private void escape() {
        char next = at + 1 < pattern.length() ? pattern.charAt(at + 1) : '\0';
        if (next >= '1' && next <= '9') {
            throw new QueryException("Unsupported regular expression syntax: back-references");
        }
        int end = at + 2;
        if (next == 'x') end = Math.min(pattern.length(), at + 4);
        else if (next == 'u') end = Math.min(pattern.length(), at + 6);
        else if (next == 'c') end = Math.min(pattern.length(), at + 3);
        String text = pattern.substring(at, Math.min(end, pattern.length()));
        at = Math.min(end, pattern.length());
        if (next == 'b' || next == 'B' || next == 'A' || next == 'Z') return; // zero width
        atom(text, !Character.isLetterOrDigit(next));
    }

    /** An atom (a character, an escape, a class, {@code .}) and its quantifier. */
    private void atom(String text, boolean literal) {
        int[] q = quantifier();
        int min = q[0];
        int max = q[1];
        Group g = groups.peek();
        if (g.atStart) g.firsts.add(min > 0 ? text : null);
        g.atStart = false;
        if (max > min && max > 1) {
            g.variable = true;
            g.repeatedAtoms.add(text);
        }
        g.lastLiteral = literal && min == 1 && max == 1 ? text : null;
    }

    /** Reads a quantifier after an atom or group, if any: {min, max} (max = Integer.MAX_VALUE for none). */
    private int[] quantifier() {
        if (at >= pattern.length()) return new int[] {1, 1};
        char c = pattern.charAt(at);
        int[] q;
        switch (c) {
            case '*' -> q = new int[] {0, Integer.MAX_VALUE};
            case '+' -> q = new int[] {1, Integer.MAX_VALUE};
            case '?' -> q = new int[] {0, 1};
            case '{' -> {
                int close = pattern.indexOf('}', at);
                String body = close < 0 ? "" : pattern.substring(at + 1, close);
                if (!body.matches("\\d+(,\\d*)?")) return new int[] {1, 1}; // a literal {
                int comma = body.indexOf(',');
                int min = count(comma < 0 ? body : body.substring(0, comma));
                int max = comma < 0 ? min : comma == body.length() - 1 ? Integer.MAX_VALUE : count(body.substring(comma + 1));
                at = close;
                q = new int[] {min, max};
            }
            default -> {
                return new int[] {1, 1};
            }
        }
        at++;
        if (at < pattern.length() && pattern.charAt(at) == '?') at++; // lazy
        return q;
    }

    private static int count(String digits) {
        if (digits.length() > 3 || Integer.parseInt(digits) > MAX_COUNT) {
            throw tooComplex("repetition counts above " + MAX_COUNT);
        }
        return Integer.parseInt(digits);
    }

    /** Where the character class starting at {@code start} ends (exclusive). */
    private int classEnd(int start) {
        int i = start + 1;
        if (i < pattern.length() && pattern.charAt(i) == '^') i++;
        if (i < pattern.length() && pattern.charAt(i) == ']') i++;
        int depth = 1;
        for (; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') i++;
            else if (c == '[') depth++; // Java's nested classes
            else if (c == ']' && --depth == 0) return i + 1;
        }
        return pattern.length();
    }

    /**
     * Whether a repeated group with variable parts can end at only one place per repetition: its
     * last part is a mandatory literal character that none of its repeated atoms matches, and no
     * nested group repeats.
     */
    private boolean endsUniquely(Group g) {
        if (g.nestedRepeat || g.lastLiteral == null || g.firsts.size() > 1) return false;
        String literal = literalChar(g.lastLiteral);
        for (String atom : g.repeatedAtoms) {
            if (matches(atom, literal)) return false;
        }
        return true;
    }

    private boolean overlapping(List<String> firsts) {
        for (int i = 0; i < firsts.size(); i++) {
            for (int j = i + 1; j < firsts.size(); j++) {
                String a = firsts.get(i);
                String b = firsts.get(j);
                if (a == null || b == null) return true;
                String la = isLiteral(a) ? literalChar(a) : null;
                String lb = isLiteral(b) ? literalChar(b) : null;
                if (la == null && lb == null) return true; // two classes or escapes: assume they share a character
                if (la != null && lb != null ? la.equalsIgnoreCase(lb) : matches(la == null ? a : b, la == null ? lb : la)) return true;
            }
        }
        return false;
    }

    private static boolean isLiteral(String atom) {
        return atom.length() == 1 ? atom.charAt(0) != '.' : atom.length() == 2 && atom.charAt(0) == '\\' && !Character.isLetterOrDigit(atom.charAt(1));
    }

    private static String literalChar(String atom) {
        return atom.length() == 2 && atom.charAt(0) == '\\' ? atom.substring(1) : atom;
    }

    /** Whether the atom alone matches the character (when unsure: true). */
    private boolean matches(String atom, String character) {
        try {
            return Pattern.compile(atom, flags | Pattern.CASE_INSENSITIVE).matcher(character).matches();
        } catch (PatternSyntaxException e) {
            return true;
        }
    }

    private static QueryException tooComplex(String why) {
        return new QueryException(TOO_COMPLEX + ": " + why);
    }
}
