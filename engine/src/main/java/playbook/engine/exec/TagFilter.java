package playbook.engine.exec;

import java.util.Set;

/** --tags / --skip-tags selection with Ansible's special tags: always, never, tagged, untagged, all. */
public record TagFilter(Set<String> only, Set<String> skip) {

    public boolean selected(Set<String> tags) {
        for (String s : skip) {
            if (tags.contains(s)) return false;
            if (s.equals("tagged") && !tags.isEmpty()) return false;
            if (s.equals("untagged") && tags.isEmpty()) return false;
            if (s.equals("all") && !tags.contains("always")) return false;
        }
        boolean all = only.isEmpty() || only.contains("all");
        if (tags.contains("never")) {
            for (String t : tags) if (!t.equals("never") && !t.equals("always") && only.contains(t)) return true;
            return only.contains("never");
        }
        if (tags.contains("always")) return true;
        if (all) return true;
        if (only.contains("tagged") && !tags.isEmpty()) return true;
        if (only.contains("untagged") && tags.isEmpty()) return true;
        for (String t : tags) if (only.contains(t)) return true;
        return false;
    }
}
