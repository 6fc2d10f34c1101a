package playbook.engine.report;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static playbook.engine.report.Events.golden;

/**
 * ConsoleReporter against output captured from the real ansible-playbook 2.14.18 on this machine
 * ({@code golden/*}: stdout and stderr of {@code ansible-playbook -i inv X.yml [-v|-vv|--diff]},
 * with ANSIBLE_FORCE_COLOR=1 for the _color files). The events replay those runs (Scripts).
 */
class ConsoleReporterGoldenTest {

    private record Run(String out, String err) {}

    private static Run run(boolean color, int verbosity, boolean diff, Consumer<RunListener> script) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        script.accept(new ConsoleReporter(o, e, color, verbosity, diff, new Redactor()));
        return new Run(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test void basicPlaybookDefaultVerbosity() {
        Run r = run(false, 0, false, Scripts::basic);
        assertEquals(golden("basic.out"), r.out);
        assertEquals("", r.err);
    }

    @Test void basicPlaybookWithV() {
        assertEquals(golden("basic_v.out"), run(false, 1, false, Scripts::basic).out);
    }

    @Test void basicPlaybookInColour() {
        assertEquals(golden("basic_color.out"), run(true, 0, false, Scripts::basic).out);
    }

    @Test void failuresUnreachableRetriesAndRecapOfSeveralHosts() {
        Run r = run(false, 0, false, l -> Scripts.fail(l, false,
                "0:00:00.008047", "2026-11-22 07:59:54.691900", "2026-11-22 07:59:54.683853"));
        assertEquals(golden("fail.out"), r.out);
        assertEquals(golden("fail.err"), r.err);
    }

    @Test void failuresWithVvShowPlaybookBannerAndTaskPaths() {
        Run r = run(false, 2, false, l -> Scripts.fail(l, true,
                "0:00:00.007307", "2026-11-22 07:58:29.478789", "2026-11-22 07:58:29.471482"));
        assertEquals(golden("fail-vv.out"), r.out);
    }

    @Test void failuresInColour() {
        Run r = run(true, 0, false, l -> Scripts.fail(l, true,
                "0:00:00.007627", "2026-11-22 07:58:38.020544", "2026-11-22 07:58:38.012917"));
        assertEquals(golden("fail_color.out"), r.out);
        assertEquals("\033[1;35m[WARNING]: Could not match supplied host pattern, ignoring: nomatch\033[0m\n", r.err);
    }

    @Test void diffs() {
        Run r = run(false, 0, true, l -> Scripts.diffs(l,
                "/root/.ansible/tmp/ansible-local-4235ma631nw0/tmp70a405q8",
                "/root/.ansible/tmp/ansible-local-4235ma631nw0/tmpe1gjlgr6",
                "/root/.ansible/tmp/ansible-local-4235ma631nw0/tmpy89fd89v"));
        assertEquals(golden("diff.out"), r.out);
    }

    @Test void diffsInColour() {
        Run r = run(true, 0, true, l -> Scripts.diffs(l,
                "/root/.ansible/tmp/ansible-local-5178h5omb2rf/tmpmq8dct3g",
                "/root/.ansible/tmp/ansible-local-5178h5omb2rf/tmpu8d_n1gm",
                "/root/.ansible/tmp/ansible-local-5178h5omb2rf/tmpxj390m5m"));
        assertEquals(golden("diff_color.out"), r.out);
    }

    @Test void noDiffWithoutTheDiffFlag() {
        Run r = run(false, 0, false, l -> Scripts.diffs(l, "a", "b", "c"));
        assertEquals(false, r.out.contains("--- before"));
    }

    @Test void longWarningIsWrappedAt79ColumnsLikeAnsible() {
        Run r = run(false, 0, false, l -> l.warning("Could not match supplied host pattern, ignoring: "
                + "this_is_a_very_long_group_name_that_does_not_exist_anywhere_in_the_inventory_at_all"));
        assertEquals(golden("warn_long.err"), r.err);
    }

    @Test void sameWarningIsShownOnce() {
        Run r = run(false, 0, false, l -> { l.warning("twice"); l.warning("twice"); });
        assertEquals("[WARNING]: twice\n", r.err);
    }
}
