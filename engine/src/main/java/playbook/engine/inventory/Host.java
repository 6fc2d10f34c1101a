package playbook.engine.inventory;

import java.util.Map;

/**
 * An inventory host: its name and the variables written on it in the inventory source.
 * Host names are unique within an inventory, so two hosts are equal when their names are.
 */
public record Host(String name, Map<String, Object> vars) {
    @Override public String toString() { return name; }

    @Override public boolean equals(Object o) {
        return o instanceof Host h && h.name.equals(name);
    }

    @Override public int hashCode() { return name.hashCode(); }
}
