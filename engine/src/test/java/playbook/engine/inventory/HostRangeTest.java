package playbook.engine.inventory;

import org.junit.jupiter.api.Test;
import playbook.engine.InventoryException;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostRangeTest {
    @Test
    void numericRangesKeepZeroPadding() {
        assertEquals(List.of("pi01", "pi02", "pi03"), HostRange.expand("pi[01:03]", "f:1"));
        assertEquals(List.of("web8", "web9", "web10"), HostRange.expand("web[8:10]", "f:1"));
        assertEquals(List.of("h0", "h1", "h2"), HostRange.expand("h[:2]", "f:1"));
    }

    @Test
    void alphabeticRangesAndSteps() {
        assertEquals(List.of("db-a", "db-b", "db-c"), HostRange.expand("db-[a:c]", "f:1"));
        assertEquals(List.of("web01", "web03", "web05", "web07", "web09"), HostRange.expand("web[01:10:2]", "f:1"));
        assertEquals(List.of("a", "c", "e"), HostRange.expand("[a:e:2]", "f:1"));
    }

    @Test
    void severalRangesInOneName() {
        assertEquals(List.of("r1-a.x", "r1-b.x", "r2-a.x", "r2-b.x"), HostRange.expand("r[1:2]-[a:b].x", "f:1"));
    }

    @Test
    void badRangesNameTheLocation() {
        InventoryException e = assertThrows(InventoryException.class, () -> HostRange.expand("h[01:3]", "inv:7"));
        assertTrue(e.getMessage().startsWith("inv:7: "), e.getMessage());
        assertTrue(e.getMessage().contains("equal-length"), e.getMessage());
        assertThrows(InventoryException.class, () -> HostRange.expand("h[1]", "inv:1"));
        assertThrows(InventoryException.class, () -> HostRange.expand("h[1:]", "inv:1"));
        assertThrows(InventoryException.class, () -> HostRange.expand("h[c:a]", "inv:1"));
        assertThrows(InventoryException.class, () -> HostRange.expand("h[1:x1]", "inv:1"));
        assertThrows(InventoryException.class, () -> HostRange.expand("h[0:99999999]", "inv:1"));
    }
}
