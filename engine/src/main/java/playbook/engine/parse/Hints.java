package playbook.engine.parse;

import playbook.engine.api.Suggestions;

import java.util.Collection;

/**
 * "Did you mean" for the parser: {@link Suggestions}, plus swapped neighbouring letters
 * ({@code wehn} for {@code when}), the most common typo in short keywords, which plain edit
 * distance counts as two edits.
 */
final class Hints {
    private Hints() {}

    /** The candidate the user most likely meant, or null. */
    static String closest(String word, Collection<String> candidates) {
        String c = Suggestions.closest(word, candidates);
        if (c != null) return c;
        for (String candidate : candidates) {
            if (isTransposition(word.toLowerCase(), candidate.toLowerCase())) return candidate;
        }
        return null;
    }

    /** " (did you mean 'x'?)" or "". */
    static String didYouMean(String word, Collection<String> candidates) {
        String c = closest(word, candidates);
        return c == null ? "" : " (did you mean '" + c + "'?)";
    }

    private static boolean isTransposition(String a, String b) {
        if (a.length() != b.length() || a.equals(b)) return false;
        int first = -1;
        for (int i = 0; i < a.length(); i++) {
            if (a.charAt(i) != b.charAt(i)) {
                if (first < 0) first = i;
                else return i == first + 1 && a.charAt(first) == b.charAt(i) && a.charAt(i) == b.charAt(first)
                        && a.substring(i + 1).equals(b.substring(i + 1));
            }
        }
        return false;
    }
}
