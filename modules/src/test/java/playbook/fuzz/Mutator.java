package playbook.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeded mutations of text input: each call applies one to four damages chosen by the
 * {@link Random} it is given, so a case is reproduced from its seed alone. The damages are the
 * ones people and broken disks make (a flipped byte, a lost or doubled token, an unclosed
 * bracket or quote, a shifted indent, a NUL) and the ones attackers try (huge numbers, deep
 * nesting, alias bombs, odd unicode, YAML tags).
 */
final class Mutator {
    /** A mutation of bytes held as text, one char per byte (ISO-8859-1), so that a flipped bit survives. */
    private record Op(String name, BiFunction<String, Random, String> apply) {}

    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}_]+|\\s+|.", Pattern.DOTALL);
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    private static final String[] BRACKETS = {"[", "]", "{", "}", "(", ")", "{{", "}}", "{%", "%}", "{#", "[[", "]]", "{{ {", "}} }}"};
    private static final String[] QUOTES = {"\"", "'", "\\", "\"\"\"", "'\"", "`"};
    private static final String[] HUGE = {"99999999999999999999999999999999", "-9223372036854775809", "9223372036854775807",
            "1e309", "-1e-400", "0x7fffffffffffffffffff", "0o777777777777777777777", "0b1111", ".inf", "-.Inf", ".nan",
            "10 ** 100", "2 ** 31", "4294967296", "-0", "1_000_000", "0777", "1:30:00", "12e", "0x", "NaN"};
    private static final String[] UNICODE = {"\u00e9", "\u202e", "\u200b", "\ufeff", "\u2028", "\u0085", "\uff5b\uff5b",
            "\ud83d\udca5", "\u00a0", "\u0301", "\u4e2d\u6587", "\ufffd", "\u0000", "\u0007", "\u001b[31m",
            "\r", "\r\n", "\t", "\u000b", "\u000c"};
    /** Byte sequences that are not UTF-8: a lone surrogate, a BOM of the wrong width, a cut sequence, overlong forms. */
    private static final String[] BAD_UTF8 = {"\u00ed\u00a0\u0080", "\u00ff\u00fe", "\u00fe\u00ff", "\u00c3", "\u00e2\u0082",
            "\u00c0\u00af", "\u00f8\u0088\u0080\u0080\u0080", "\u0080", "\u00bf"};
    private static final String[] YAML_BITS = {"!!python/object:os.system", "!vault", "!unsafe", "!!binary", "!!set", "!!omap",
            "!!int", "!!float", "!!str", "!!map", "!!seq", "!!null", "!<tag:yaml.org,2002:str>", "!local", "? ", ": ",
            "- ", "---\n", "...\n", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "<<: ", "&a ", "*a", "*undefined_anchor", "|", ">-",
            "|+", "|-9", "# ", "@", "%", "~", "null", "yes", "no", "on", "off", "=", "==", "include_tasks: x.yml\n"};
    private static final String[] JINJA_BITS = {"{{", "}}", "{%", "%}", "|", "| default", "| int", "| bool", "| from_json",
            "| from_yaml", "| regex_replace('(', 'x')", "| regex_search('[')", "| combine(1)", "| dict2items", "| items2dict",
            "| map(attribute=None)", "| selectattr('x', 'nosuchtest')", "| join(1)", "| nosuchfilter", "| to_json",
            "| b64decode", "| hash('nosuchalgo')", "| ipaddr", "| random", "| shuffle", "| sort(attribute='x')", "| zip",
            "| first", "| last", "| min", "| max", "| sum", "| length", "| unique", "| flatten(levels=-1)", "| ternary",
            "| splitext", "| basename", "| version('x', 'y')", "| format(1,2,3)", "| split(None, -1)", "| range",
            " is ", " is not ", " in ", " not ", " and ", " or ", " if ", " else ", "()", ".__class__", ".__mro__",
            "['__globals__']", "lookup('env', 'HOME')", "lookup('nosuchlookup')", "lookup('file', '/nonexistent')",
            "query('items', 1)", "range(100000000000)", "range(10)", "'x' * 100000000000", "[1] * 100000000000",
            "1 / 0", "1 // 0", "1 % 0", "2 ** 100000", "10 ** 10 ** 10", "(", ")", "[", "]", "{", "}", ",", ".", "..",
            "~", "+", "-", "*", "**", "/", "//", "%", "!", "=", "==", "!=", "<", ">", "<=", ">=", ":", "'", "\"", "\\",
            "omit", "undefined_var", "hostvars", "hostvars['nope']", "vars", "groups['all']", "ansible_facts", "none",
            "None", "true", "False", "loop", "item", "self", "caller", "namespace()", "dict(a=1)", "lipsum()", "cycler()"};

    private static final List<Op> OPS = List.of(
            new Op("byte-flip", Mutator::byteFlip),
            new Op("delete-token", (s, r) -> tokenEdit(s, r, 0)),
            new Op("duplicate-token", (s, r) -> tokenEdit(s, r, 1)),
            new Op("swap-tokens", (s, r) -> tokenEdit(s, r, 2)),
            new Op("delete-line", (s, r) -> lineEdit(s, r, 0)),
            new Op("duplicate-line", (s, r) -> lineEdit(s, r, 1)),
            new Op("indent", (s, r) -> lineEdit(s, r, 2)),
            new Op("dedent", (s, r) -> lineEdit(s, r, 3)),
            new Op("tab-indent", (s, r) -> lineEdit(s, r, 4)),
            new Op("bracket", (s, r) -> insert(s, r, pick(r, BRACKETS))),
            new Op("quote", (s, r) -> insert(s, r, pick(r, QUOTES))),
            new Op("huge-number", Mutator::hugeNumber),
            new Op("deep-nesting", Mutator::deepNesting),
            new Op("alias", Mutator::alias),
            new Op("unicode", (s, r) -> insert(s, r, pick(r, UNICODE))),
            new Op("bad-utf8", (s, r) -> insertRaw(s, r, pick(r, BAD_UTF8))),
            new Op("nul", (s, r) -> insert(s, r, "\0")),
            new Op("yaml-bit", (s, r) -> insert(s, r, pick(r, YAML_BITS))),
            new Op("jinja-bit", (s, r) -> insert(s, r, pick(r, JINJA_BITS))),
            new Op("truncate", (s, r) -> s.isEmpty() ? s : s.substring(0, r.nextInt(s.length()))),
            new Op("long-line", (s, r) -> insert(s, r, "x".repeat(1 + r.nextInt(r.nextInt(10) == 0 ? 200_000 : 2_000)))));

    private Mutator() {}

    /** One to four mutations of a file's bytes; the names of the ones applied are added to {@code applied}. */
    static byte[] mutate(byte[] seed, Random r, List<String> applied) {
        int n = 1 + r.nextInt(4);
        String s = new String(seed, StandardCharsets.ISO_8859_1);
        for (int i = 0; i < n; i++) {
            Op op = OPS.get(r.nextInt(OPS.size()));
            applied.add(op.name());
            s = op.apply().apply(s, r);
        }
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Jinja-flavoured mutations only, for expressions placed inside an otherwise valid playbook. */
    static String mutateExpression(String expr, Random r, List<String> applied) {
        int n = 1 + r.nextInt(3);
        String s = raw(expr);
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(10);
            if (k < 4) {
                applied.add("jinja-bit");
                s = insert(s, r, pick(r, JINJA_BITS));
            } else {
                Op op = OPS.get(r.nextInt(OPS.size()));
                if (op.name().equals("long-line")) op = OPS.get(0);
                applied.add(op.name());
                s = op.apply().apply(s, r);
            }
        }
        return new String(s.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    private static String pick(Random r, String[] a) {
        return a[r.nextInt(a.length)];
    }

    /** Inserts text (given as Java text, written as UTF-8) at a random byte position. */
    private static String insert(String s, Random r, String what) {
        return insertRaw(s, r, raw(what));
    }

    private static String insertRaw(String s, Random r, String bytes) {
        int at = s.isEmpty() ? 0 : r.nextInt(s.length() + 1);
        return s.substring(0, at) + bytes + s.substring(at);
    }

    /** Java text as its UTF-8 bytes, one char per byte. */
    private static String raw(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** Flips one bit of one byte; the result may no longer be valid UTF-8, which is the point. */
    private static String byteFlip(String s, Random r) {
        if (s.isEmpty()) return s;
        char[] c = s.toCharArray();
        int i = r.nextInt(c.length);
        c[i] = (char) ((c[i] ^ (1 << r.nextInt(8))) & 0xff);
        return new String(c);
    }

    private static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(s);
        while (m.find()) out.add(m.group());
        return out;
    }

    private static String tokenEdit(String s, Random r, int kind) {
        List<String> t = tokens(s);
        if (t.isEmpty()) return s;
        int i = r.nextInt(t.size());
        switch (kind) {
            case 0 -> t.remove(i);
            case 1 -> t.add(i, t.get(i));
            default -> {
                int j = r.nextInt(t.size());
                String x = t.get(i);
                t.set(i, t.get(j));
                t.set(j, x);
            }
        }
        return String.join("", t);
    }

    private static String lineEdit(String s, Random r, int kind) {
        List<String> lines = new ArrayList<>(List.of(s.split("\n", -1)));
        int i = r.nextInt(lines.size());
        String l = lines.get(i);
        switch (kind) {
            case 0 -> lines.remove(i);
            case 1 -> lines.add(i, l);
            case 2 -> lines.set(i, " ".repeat(1 + r.nextInt(4)) + l);
            case 3 -> lines.set(i, l.replaceFirst("^ {1,2}", ""));
            default -> lines.set(i, "\t" + l);
        }
        return String.join("\n", lines);
    }

    private static String hugeNumber(String s, Random r) {
        Matcher m = NUMBER.matcher(s);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) spans.add(new int[] {m.start(), m.end()});
        String n = pick(r, HUGE);
        if (spans.isEmpty()) return insert(s, r, n);
        int[] sp = spans.get(r.nextInt(spans.size()));
        return s.substring(0, sp[0]) + n + s.substring(sp[1]);
    }

    private static String deepNesting(String s, Random r) {
        int depth = 50 + r.nextInt(r.nextInt(4) == 0 ? 5_000 : 200);
        return switch (r.nextInt(5)) {
            case 0 -> insert(s, r, "[".repeat(depth) + "]".repeat(depth));
            case 1 -> insert(s, r, "{a: ".repeat(depth) + "1" + "}".repeat(depth));
            case 2 -> insert(s, r, "[".repeat(depth));
            case 3 -> {
                StringBuilder b = new StringBuilder("\n");
                for (int i = 0; i < Math.min(depth, 3000); i++) b.append(" ".repeat(i)).append("k").append(i).append(":\n");
                yield insert(s, r, b.toString());
            }
            default -> insert(s, r, "{{ " + "(".repeat(depth) + "1" + ")".repeat(depth) + " }}");
        };
    }

    /** Anchors and aliases: billion laughs, self-reference, undefined aliases, merge keys on the wrong things. */
    private static String alias(String s, Random r) {
        String bomb = "\nlol0: &l0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
                + "lol1: &l1 [*l0,*l0,*l0,*l0,*l0,*l0,*l0,*l0,*l0]\nlol2: &l2 [*l1,*l1,*l1,*l1,*l1,*l1,*l1,*l1,*l1]\n"
                + "lol3: &l3 [*l2,*l2,*l2,*l2,*l2,*l2,*l2,*l2,*l2]\nlol4: &l4 [*l3,*l3,*l3,*l3,*l3,*l3,*l3,*l3,*l3]\n"
                + "lol5: &l5 [*l4,*l4,*l4,*l4,*l4,*l4,*l4,*l4,*l4]\nlol6: &l6 [*l5,*l5,*l5,*l5,*l5,*l5,*l5,*l5,*l5]\n"
                + "lol7: &l7 [*l6,*l6,*l6,*l6,*l6,*l6,*l6,*l6,*l6]\n";
        return switch (r.nextInt(7)) {
            case 0 -> s + bomb;
            case 1 -> insert(s, r, "&self [*self]");
            case 2 -> insert(s, r, "*nope");
            case 3 -> insert(s, r, "<<: *nope\n");
            case 4 -> insert(s, r, "\n<<: [1, 2]\n");
            case 5 -> {
                // anchor an existing value and use it again somewhere else
                String t = insert(s, r, " &z ");
                yield insert(t, r, " *z ");
            }
            default -> insert(s, r, "x: &m {a: 1}\ny: {<<: *m, <<: *m}\n");
        };
    }
}
