package dev.homebase.server.ops;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests: every family has one {@code # HELP} and
 * one {@code # TYPE} before its samples, sample names belong to their family (with the suffixes its type allows),
 * label names and escaped values are well formed, no series appears twice, values are numbers, and a histogram's
 * buckets are cumulative with {@code le="+Inf"} equal to its {@code _count}.
 */
public final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)\\})? (\\S+)( -?[0-9]+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");

    private PrometheusText() {}

    /** The samples by series ({@code name{a="x",b="y"}}, labels sorted), or an AssertionError naming the bad line. */
    public static Map<String, Double> parse(String text) {
        if (!text.endsWith("\n")) throw new AssertionError("the exposition must end with a newline");
        Map<String, String> types = new HashMap<>();
        Set<String> helped = new HashSet<>();
        Set<String> sampled = new HashSet<>();
        Map<String, Double> samples = new LinkedHashMap<>();
        int n = 0;
        for (String line : text.split("\n")) {
            n++;
            if (line.isEmpty()) continue;
            Matcher m;
            if (line.startsWith("# HELP ")) {
                if (!(m = HELP.matcher(line)).matches()) throw bad(n, line, "malformed HELP");
                if (!helped.add(m.group(1))) throw bad(n, line, "a second HELP");
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                if (!(m = TYPE.matcher(line)).matches()) throw bad(n, line, "malformed TYPE");
                if (types.put(m.group(1), m.group(2)) != null) throw bad(n, line, "a second TYPE");
                if (sampled.contains(m.group(1))) throw bad(n, line, "TYPE after its samples");
                continue;
            }
            if (line.startsWith("#")) continue; // a comment
            if (!(m = SAMPLE.matcher(line)).matches()) throw bad(n, line, "malformed sample");
            String name = m.group(1);
            String family = family(name, types);
            if (family == null) throw bad(n, line, "a sample without a TYPE of its family");
            if (!helped.contains(family)) throw bad(n, line, "a sample without a HELP of its family");
            sampled.add(family);
            Map<String, String> labels = new TreeMap<>();
            if (m.group(3) != null && !m.group(3).isEmpty()) {
                String rest = m.group(3);
                Matcher l = LABEL.matcher(rest);
                int at = 0;
                while (at < rest.length()) {
                    if (!l.find(at) || l.start() != at) throw bad(n, line, "malformed labels");
                    if (labels.put(l.group(1), l.group(2)) != null) throw bad(n, line, "a label twice");
                    at = l.end();
                }
            }
            double value;
            try {
                value = switch (m.group(4)) {
                    case "+Inf" -> Double.POSITIVE_INFINITY;
                    case "-Inf" -> Double.NEGATIVE_INFINITY;
                    case "NaN" -> Double.NaN;
                    default -> Double.parseDouble(m.group(4));
                };
            } catch (NumberFormatException e) {
                throw bad(n, line, "a value that is not a number");
            }
            StringBuilder key = new StringBuilder(name);
            if (!labels.isEmpty()) {
                key.append('{');
                labels.forEach((k, v) -> key.append(k).append("=\"").append(v).append("\","));
                key.setLength(key.length() - 1);
                key.append('}');
            }
            if (samples.put(key.toString(), value) != null) throw bad(n, line, "a series twice");
        }
        checkHistograms(types, samples);
        return samples;
    }

    /** The family a sample name belongs to, by the suffixes its type allows, or null. */
    private static String family(String name, Map<String, String> types) {
        String exact = types.get(name); // 0.0.4: a counter's, gauge's or untyped metric's samples carry its own name
        if ("gauge".equals(exact) || "untyped".equals(exact) || "counter".equals(exact)) return name;
        for (String suffix : new String[] {"_total", "_created"}) {
            String base = strip(name, suffix);
            if (base != null && "counter".equals(types.get(base))) return base;
        }
        for (String suffix : new String[] {"_bucket", "_sum", "_count", "_created"}) {
            String base = strip(name, suffix);
            if (base != null && "histogram".equals(types.get(base))) return base;
        }
        return null;
    }

    private static String strip(String name, String suffix) {
        return name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : null;
    }

    private static void checkHistograms(Map<String, String> types, Map<String, Double> samples) {
        Map<String, TreeMap<Double, Double>> buckets = new HashMap<>();
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            String key = e.getKey();
            int brace = key.indexOf('{');
            String name = brace < 0 ? key : key.substring(0, brace);
            if (!name.endsWith("_bucket")) continue;
            Matcher le = Pattern.compile("le=\"([^\"]+)\",?").matcher(key);
            if (!le.find()) throw new AssertionError("a bucket without le: " + key);
            String series = key.replace(le.group(0), "").replace("_bucket{", "_count{").replace(",}", "}").replace("{}", "");
            double bound = le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
            buckets.computeIfAbsent(series, k -> new TreeMap<>()).put(bound, e.getValue());
        }
        buckets.forEach((count, byBound) -> {
            double last = 0;
            for (double v : byBound.values()) {
                if (v < last) throw new AssertionError("buckets of " + count + " are not cumulative: " + byBound);
                last = v;
            }
            if (!byBound.containsKey(Double.POSITIVE_INFINITY)) throw new AssertionError("no +Inf bucket for " + count);
            Double total = samples.get(count);
            if (total == null || !total.equals(byBound.get(Double.POSITIVE_INFINITY))) {
                throw new AssertionError(count + " is " + total + " but its +Inf bucket " + byBound.get(Double.POSITIVE_INFINITY));
            }
        });
    }

    private static AssertionError bad(int n, String line, String what) {
        return new AssertionError("line " + n + ": " + what + ": " + line);
    }
}
