package playbook.engine.inventory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** A host while the inventory is being built: its vars and groups (ancestors included). */
final class HostEntry {
    final String name;
    final Map<String, Object> vars = new LinkedHashMap<>();
    final Set<Group> groups = new LinkedHashSet<>();
    final boolean implicit;
    private Host host;

    HostEntry(String name, boolean implicit) {
        this.name = name;
        this.implicit = implicit;
    }

    /** The immutable view handed out once the inventory is built. */
    Host host() {
        if (host == null) host = new Host(name, Collections.unmodifiableMap(vars));
        return host;
    }

    void addGroup(Group g) {
        groups.addAll(g.ancestors());
        groups.add(g);
    }
}
