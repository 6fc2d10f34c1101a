package playbook.e2e;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** playbooks/roles/backup/files/retention.sh: the daily/weekly/monthly rotation the backup role offers. */
class RetentionScriptTest {
    private static final Path SCRIPT = Path.of(System.getProperty("user.dir")).getParent()
            .resolve("playbooks/roles/backup/files/retention.sh");

    private static List<String> drop(String policy, List<String> names) throws Exception {
        List<String> argv = new ArrayList<>(List.of("sh", SCRIPT.toString()));
        argv.addAll(List.of(policy.split(" ")));
        Process p = new ProcessBuilder(argv).start();
        p.getOutputStream().write((String.join("\n", names) + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        return out.lines().toList();
    }

    @Test
    void keepsTheNewestOfEachDayWeekAndMonthAndDropsTheRest() throws Exception {
        List<String> names = new ArrayList<>();
        for (String d : List.of("20261122", "20261121", "20261120", "20261115", "20261101", "20261031", "20261001", "20260915", "20260801"))
            for (String t : List.of("030000", "150000")) names.add("pi-" + d + "T" + t + "Z.tar.gz");
        names.add("notes.txt");
        List<String> dropped = drop("2 2 3", names);
        List<String> kept = new ArrayList<>(names);
        kept.removeAll(dropped);
        // newest; 2 days (22, 21); 2 ISO weeks (W47, W46: the 15th); 3 months (Nov, Oct 31, Sep 15); notes.txt untouched
        assertEquals(List.of("pi-20261122T150000Z.tar.gz", "pi-20261121T150000Z.tar.gz", "pi-20261115T150000Z.tar.gz",
                "pi-20261031T150000Z.tar.gz", "pi-20260915T150000Z.tar.gz", "notes.txt"), kept);
    }

    @Test
    void zeroEverywhereStillKeepsTheNewest() throws Exception {
        assertEquals(List.of("pi-20261121T030000Z.tar.gz"),
                drop("0 0 0", List.of("pi-20261121T030000Z.tar.gz", "pi-20261122T030000Z.tar.gz")));
        assertEquals(List.of(), drop("7 4 12", List.of()));
    }
}
