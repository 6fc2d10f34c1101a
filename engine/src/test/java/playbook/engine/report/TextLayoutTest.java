package playbook.engine.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TextLayoutTest {

    @Test void bannerIsPaddedToEightyColumns() {
        String b = TextLayout.banner("PLAY [x]", TextLayout.COLUMNS);
        assertEquals(80, b.length());
        assertEquals("PLAY [x] " + "*".repeat(71), b);
    }

    @Test void longBannerGetsThreeStars() {
        String name = "TASK [" + "n".repeat(90) + "]";
        assertEquals(name + " ***", TextLayout.banner(name, TextLayout.COLUMNS));
        // 76 columns of text leave 3: still three stars, not fewer
        String t76 = "x".repeat(76);
        assertEquals(t76 + " ***", TextLayout.banner(t76, TextLayout.COLUMNS));
    }

    @Test void wideCharactersCountTwoColumns() {
        // as Ansible: star_len = 79 - get_text_width(msg); widths checked against ansible.utils.display.get_text_width
        String b = TextLayout.banner("TASK [日本]", TextLayout.COLUMNS);
        assertEquals("TASK [日本] " + "*".repeat(79 - 11), b);
        assertEquals(2, TextLayout.width("\uD83D\uDE00"));
        assertEquals(2, TextLayout.width("a\u200bb"));
        assertEquals(1, TextLayout.width("é"));
        assertEquals(1, TextLayout.width("e\u0301"));
    }

    @Test void wrapMatchesPythonTextwrap() {
        // textwrap.wrap(s, 20) in Python 3.11
        assertEquals(List.of("the quick brown fox", "jumps over the lazy", "dog"),
                TextLayout.wrap("the quick brown fox jumps over the lazy dog", 20, true));
        assertEquals(List.of("aaaaaaaaaa", "aaaaa"), TextLayout.wrap("aaaaaaaaaaaaaaa", 10, true));
        assertEquals(List.of("well-known", "multi-line", "text"), TextLayout.wrap("well-known multi-line text", 12, true));
        assertEquals(List.of("a b"), TextLayout.wrap("a\nb", 10, true));
        assertEquals(List.of("an extraordinarily-", "long-hyphenated-word", "here"),
                TextLayout.wrap("an extraordinarily-long-hyphenated-word here", 20, true));
        assertEquals(List.of("x x x", "abcdefghij-klmn", "opqrstuvwxyz"), TextLayout.wrap("x x x abcdefghij-klmnopqrstuvwxyz", 15, true));
    }

    @Test void recapLineColumns() {
        assertEquals("web1                       : ok=12   changed=3    unreachable=0    failed=0    skipped=1    "
                + "rescued=0    ignored=0   ", DefaultCallback.recapLine("web1", new HostStats(12, 3, 0, 0, 1, 0, 0), false));
        assertEquals("\033[0;31mh\033[0m" + " ".repeat(25) + " : ok=0    changed=0    \033[1;31munreachable=1   \033[0m failed=0    "
                + "skipped=0    rescued=0    ignored=0   ", DefaultCallback.recapLine("h", new HostStats(0, 0, 1, 0, 0, 0, 0), true));
    }

    @Test void exceptionIsSummarisedBelowVvv() {
        StringBuilder sb = new StringBuilder();
        DefaultCallback c = new DefaultCallback(new Display() {
            @Override public void display(String msg, Color color, boolean stderr, Scope scope) { sb.append(msg).append('\n'); }
            @Override public boolean colored() { return false; }
        }, 0, false);
        TaskInfo t = Events.task("x");
        c.hostResult(Events.res("h", t, Status.FAILED, "{\"failed\": true, \"msg\": \"m\", \"exception\": \"Traceback\\n  foo\\nValueError: bad\"}"));
        assertEquals("An exception occurred during task execution. To see the full traceback, use -vvv. The error was: ValueError: bad\n"
                + "fatal: [h]: FAILED! => {\"msg\": \"m\"}\n", sb.toString());
    }
}
