package playbook.engine.inventory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --list-hosts on 10,000 hosts must stay linear: no per-host scans of group or host lists. */
class InventoryPerformanceTest {
    @TempDir Path tmp;

    @Test
    void tenThousandHosts() {
        StringBuilder ini = new StringBuilder();
        for (int g = 0; g < 100; g++) {
            ini.append("[g").append(g).append("]\n");
            for (int h = 0; h < 100; h++) {
                int n = g * 100 + h;
                ini.append(String.format("host%05d ansible_host=10.%d.%d.1 idx=%d%n", n, g, h, n));
            }
        }
        ini.append("[web:children]\n");
        for (int g = 0; g < 100; g += 2) ini.append('g').append(g).append('\n');
        InvFixture f = new InvFixture(tmp);
        f.write("big", ini.toString());
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            Inventory inv = f.load("big");
            List<Host> all = inv.select("all");
            List<Host> some = inv.select("web:!g2:&host0*");
            List<Host> limited = inv.limit(all, "g1:g3:host09999");
            for (Host h : all) inv.groupNames(h);
            best = Math.min(best, (System.nanoTime() - t0) / 1_000_000);
            assertEquals(10_000, all.size());
            assertEquals(4_900, some.size());
            assertEquals(201, limited.size());
            assertEquals("host09999", limited.get(200).name());
        }
        System.out.println("10,000 hosts: load + select + limit in " + best + " ms");
        assertTrue(best < 1000, "load + select of 10,000 hosts took " + best + " ms");
    }
}
