package playbook.engine.inventory;

import java.util.Map;

/** An inventory host: its name and the variables written on it in the inventory source. */
public record Host(String name, Map<String, Object> vars) {
    @Override public String toString() { return name; }
}
