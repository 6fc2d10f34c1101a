package playbook.engine.inventory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Stub: the inventory helper replaces this file. */
public final class Inventory {
    /** Loads -i sources (files, directories, "a,b," lists); empty list means implicit localhost only. */
    public static Inventory load(List<String> sources, Path cwd, Consumer<String> warnings) {
        throw new UnsupportedOperationException("TODO(inventory helper)");
    }

    /** Hosts matching an Ansible pattern, in inventory order (implicit localhost when named). */
    public List<Host> select(String pattern) { throw new UnsupportedOperationException(); }

    /** Restricts hosts by a --limit value (pattern, or @file). */
    public List<Host> limit(List<Host> hosts, String limit) { throw new UnsupportedOperationException(); }

    /** Inventory-source group vars (level 3 of Ansible's precedence), merged all < parent < child. */
    public Map<String, Object> inventoryGroupVars(Host h) { throw new UnsupportedOperationException(); }

    /** group_vars/ files beside the inventory then beside the playbook (levels 4-7). */
    public Map<String, Object> groupVarsFiles(Host h, Path playbookDir) { throw new UnsupportedOperationException(); }

    /** Inventory-source host vars (level 8). */
    public Map<String, Object> inventoryHostVars(Host h) { throw new UnsupportedOperationException(); }

    /** host_vars/ files beside the inventory then beside the playbook (levels 9-10). */
    public Map<String, Object> hostVarsFiles(Host h, Path playbookDir) { throw new UnsupportedOperationException(); }

    /** The group_names magic variable for the host (sorted, without 'all'). */
    public List<String> groupNames(Host h) { throw new UnsupportedOperationException(); }

    /** The groups magic variable: every group (all and ungrouped included) to its host names. */
    public Map<String, List<String>> groupsMap() { throw new UnsupportedOperationException(); }
}
