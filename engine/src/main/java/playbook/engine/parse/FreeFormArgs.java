package playbook.engine.parse;

import playbook.engine.ParseException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits free-form module arguments ({@code copy: src=a dest="b c"}, {@code command: ls -l chdir=/tmp})
 * the way Ansible's {@code split_args} and {@code parse_kv} do: whitespace separates words, except
 * inside quotes and inside {@code {{ }}}, {@code {% %}} and {@code {# #}}; {@code k=v} words become
 * options (the value unquoted and its escapes decoded); other words are kept, as written, in the
 * free text.
 */
public final class FreeFormArgs {
    /** The options that command, shell and script take from their free text (parse_kv's check_raw list). */
    public static final Set<String> COMMAND_OPTIONS = Set.of(
            "creates", "removes", "chdir", "executable", "warn", "stdin", "stdin_add_newline", "strip_empty_ends");

    private static final Pattern ESCAPE = Pattern.compile(
            "\\\\U[a-fA-F0-9]{8}|\\\\u[a-fA-F0-9]{4}|\\\\x[a-fA-F0-9]{2}|\\\\N\\{[^}]+}|\\\\[\\\\'\"abfnrtv]");

    private FreeFormArgs() {}

    /**
     * The result of a split: the {@code k=v} options in order, and the remaining words joined back
     * together as written (null when there are none).
     */
    public record Split(Map<String, String> options, String freeText) {}

    /** Every {@code k=v} word is an option; other words are free text. */
    public static Split split(String text) {
        return split(text, k -> true);
    }

    /**
     * Like Ansible's {@code parse_kv(check_raw=True)}: a {@code k=v} word is an option only when
     * {@code isOption} accepts k; otherwise it stays in the free text. For command, shell and
     * script pass {@code COMMAND_OPTIONS::contains}.
     */
    public static Split split(String text, Predicate<String> isOption) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> raw = new ArrayList<>();
        if (text == null) return new Split(options, null);
        for (String word : splitArgs(text)) {
            String decoded = decodeEscapes(word);
            int pos = equalsPosition(decoded);
            if (pos < 0) {
                raw.add(decoded.contains("=") ? decoded.replace("\\=", "=") : word);
                continue;
            }
            String key = decoded.substring(0, pos);
            if (!isOption.test(key.strip())) {
                raw.add(word);
            } else {
                options.put(key.strip(), unquote(decoded.substring(pos + 1).strip()));
            }
        }
        return new Split(options, raw.isEmpty() ? null : joinArgs(raw));
    }

    /** Ansible's split_args: the words of a free-form string, quotes and Jinja blocks kept whole. */
    public static List<String> splitArgs(String args) {
        List<String> params = new ArrayList<>();
        String[] items = args.split("\n", -1);
        Character quote = null;
        boolean insideQuotes = false;
        int printDepth = 0, blockDepth = 0, commentDepth = 0;
        for (int itemIdx = 0; itemIdx < items.length; itemIdx++) {
            String[] tokens = items[itemIdx].split(" ", -1);
            boolean lineContinuation = false;
            for (int idx = 0; idx < tokens.length; idx++) {
                String token = tokens[idx];
                if (token.isEmpty() && idx != 0) {
                    if (!params.isEmpty()) appendLast(params, " ");
                    continue;
                }
                if (token.equals("\\") && !insideQuotes) {
                    lineContinuation = true;
                    continue;
                }
                boolean wasInsideQuotes = insideQuotes;
                quote = quoteState(token, quote);
                insideQuotes = quote != null;
                boolean inJinja = printDepth > 0 || blockDepth > 0 || commentDepth > 0;
                boolean appended = false;
                if (insideQuotes && !wasInsideQuotes && !inJinja) {
                    params.add(token);
                    appended = true;
                } else if ((inJinja || insideQuotes || wasInsideQuotes) && !params.isEmpty()) {
                    if (idx == 0 && wasInsideQuotes) appendLast(params, token);
                    else if (tokens.length > 1) appendLast(params, (idx > 0 ? " " : "") + token);
                    else appendLast(params, "\n" + token);
                    appended = true;
                }
                int before = printDepth;
                printDepth = jinjaDepth(token, printDepth, "{{", "}}");
                if (printDepth != before && !appended) { params.add(token); appended = true; }
                before = blockDepth;
                blockDepth = jinjaDepth(token, blockDepth, "{%", "%}");
                if (blockDepth != before && !appended) { params.add(token); appended = true; }
                before = commentDepth;
                commentDepth = jinjaDepth(token, commentDepth, "{#", "#}");
                if (commentDepth != before && !appended) { params.add(token); appended = true; }
                if (printDepth == 0 && blockDepth == 0 && commentDepth == 0 && !insideQuotes && !appended
                        && !token.isEmpty()) {
                    params.add(token);
                }
            }
            if (items.length > 1 && itemIdx != items.length - 1 && !lineContinuation && !params.isEmpty()) {
                appendLast(params, "\n");
            }
        }
        if (printDepth > 0 || blockDepth > 0 || commentDepth > 0 || insideQuotes) {
            throw new ParseException("failed at splitting arguments, either an unbalanced jinja2 block or quotes: "
                    + args + "\nClose the quote or the '{{'/'{%' block, or quote the whole value in YAML.");
        }
        return params;
    }

    /** Ansible's join_args: words joined by a space, except after a newline. */
    public static String joinArgs(List<String> words) {
        StringBuilder out = new StringBuilder();
        for (String w : words) {
            if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') out.append(' ');
            out.append(w);
        }
        return out.toString();
    }

    /** Removes one pair of matching outer quotes ({@code "a b"} or {@code 'a b'}). */
    public static String unquote(String s) {
        if (s.length() > 1 && s.charAt(0) == s.charAt(s.length() - 1) && (s.charAt(0) == '"' || s.charAt(0) == '\'')
                && s.charAt(s.length() - 2) != '\\') {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    /** Index of the first '=' after position 0 that is not escaped with a backslash, or -1. */
    private static int equalsPosition(String word) {
        int pos = 0;
        while (true) {
            pos = word.indexOf('=', pos + 1);
            if (pos < 0) return -1;
            if (word.charAt(pos - 1) != '\\') return pos;
        }
    }

    static String decodeEscapes(String s) {
        if (s.indexOf('\\') < 0) return s;
        Matcher m = ESCAPE.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(decode(m.group())));
        m.appendTail(out);
        return out.toString();
    }

    private static String decode(String esc) {
        char c = esc.charAt(1);
        switch (c) {
            case 'U': case 'u': case 'x':
                return new String(Character.toChars(Integer.parseInt(esc.substring(2), 16)));
            case 'N':
                try {
                    return new String(Character.toChars(Character.codePointOf(esc.substring(3, esc.length() - 1))));
                } catch (IllegalArgumentException e) {
                    return esc;
                }
            case 'a': return "\u0007";
            case 'b': return "\b";
            case 'f': return "\f";
            case 'n': return "\n";
            case 'r': return "\r";
            case 't': return "\t";
            case 'v': return "\u000b";
            default: return String.valueOf(c);
        }
    }

    private static Character quoteState(String token, Character quote) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean escaped = i > 0 && token.charAt(i - 1) == '\\';
            if ((c == '"' || c == '\'') && !escaped) {
                if (quote != null) {
                    if (c == quote) quote = null;
                } else {
                    quote = c;
                }
            }
        }
        return quote;
    }

    private static int jinjaDepth(String token, int depth, String open, String close) {
        int opens = count(token, open), closes = count(token, close);
        if (opens != closes) depth = Math.max(0, depth + opens - closes);
        return depth;
    }

    private static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) n++;
        return n;
    }

    private static void appendLast(List<String> params, String text) {
        params.set(params.size() - 1, params.get(params.size() - 1) + text);
    }
}
