package playbook.modules.command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.cli.Main;
import playbook.engine.testing.SshTestHosts;
import playbook.engine.testing.SshdExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** raw, script and pause through the CLI over a real sshd, checked against ansible-core 2.14's results. */
class RawScriptPauseIT {
    @RegisterExtension
    static final SshdExtension SSHD = SshdExtension.builder().build();

    @TempDir
    Path dir;

    record Out(int rc, String out, String err) {
        @Override public String toString() { return "rc=" + rc + "\n--- out\n" + out + "\n--- err\n" + err; }

        String recap(String host) {
            for (String line : out.split("\n"))
                if (line.startsWith(host + " ") && line.contains("ok=")) return line.substring(line.indexOf("ok=")).replaceAll("\\s+", " ").strip();
            return "(no recap for " + host + ")";
        }
    }

    Out run(String playbook, String inventory, String... extra) throws Exception {
        Files.writeString(dir.resolve("site.yml"), playbook);
        Files.writeString(dir.resolve("inventory"), inventory);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        String[] args = Stream.concat(Stream.of("run", dir.resolve("site.yml").toString(), "-i", dir.resolve("inventory").toString()),
                Stream.of(extra)).toArray(String[]::new);
        int rc = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8), args);
        return new Out(rc, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    String web() { return SshTestHosts.inventoryLine("web", SSHD) + "\n"; }

    @Test
    void rawRunsTheTextUnchangedAndIsSkippedInCheckMode() throws Exception {
        Path marker = dir.resolve("raw-marker");
        String play = """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - raw: echo hi; echo bad >&2; touch %s
                      register: r
                    - raw: echo "$0"
                      args:
                        executable: /bin/sh
                      register: e
                    - raw: exit 3
                      register: f
                      ignore_errors: true
                    - assert:
                        that:
                          - r.stdout | length == 3
                          - r.stdout_lines == ['hi']
                          - r.stderr_lines == ['bad']
                          - r.rc == 0
                          - r is changed
                          - e.stdout_lines == ['/bin/sh']
                          - f is failed
                          - f.rc == 3
                          - f.msg == 'non-zero return code'
                      when: not ansible_check_mode
                """.formatted(marker);
        Out check = run(play, web(), "-C");
        assertEquals(0, check.rc(), check.toString());
        assertEquals("ok=0 changed=0 unreachable=0 failed=0 skipped=4 rescued=0 ignored=0", check.recap("web"), check.toString());
        assertFalse(Files.exists(marker), "raw ran in check mode");
        Out r = run(play, web());
        assertEquals(0, r.rc(), r.toString());
        assertEquals("ok=4 changed=3 unreachable=0 failed=0 skipped=0 rescued=0 ignored=1", r.recap("web"), r.toString());
        assertTrue(Files.exists(marker));
    }

    @Test
    void scriptUploadsRunsAndRemovesItsCopy() throws Exception {
        Files.createDirectories(dir.resolve("files"));
        Path where = dir.resolve("where");
        Path marker = dir.resolve("script-marker");
        Files.writeString(dir.resolve("files/s.sh"), "#!/bin/sh\necho \"args=$*\"\npwd\necho oops >&2\necho \"$0\" > " + where
                + "\nls -ld \"$0\" | cut -c1-10 >> " + where + "\ntouch " + marker + "\n");
        Files.writeString(dir.resolve("files/fail.sh"), "#!/bin/sh\necho \"$0\" > " + where + "\nexit 4\n");
        String play = """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - script: s.sh one "two words"
                      args:
                        chdir: /tmp
                        creates: %s
                      register: s
                    - assert:
                        that:
                          - s.rc == 0
                          - s.stdout_lines == ['args=one two words', '/tmp']
                          - s.stderr_lines == ['oops']
                          - s is changed
                      when: not ansible_check_mode and s is not skipped
                """.formatted(marker);
        Out check = run(play, web(), "-C");
        assertEquals(0, check.rc(), check.toString());
        assertEquals("ok=1 changed=1 unreachable=0 failed=0 skipped=1 rescued=0 ignored=0", check.recap("web"), check.toString());
        assertFalse(Files.exists(marker), "script ran in check mode");

        Out first = run(play, web());
        assertEquals(0, first.rc(), first.toString());
        assertEquals("ok=2 changed=1 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0", first.recap("web"), first.toString());
        String[] seen = Files.readString(where).split("\n");
        Path copy = Path.of(seen[0]);
        assertEquals("-rwx------", seen[1], "the uploaded copy must be private");
        assertFalse(Files.exists(copy.getParent()), "temp dir left behind: " + copy);

        Out second = run(play, web());
        assertEquals(0, second.rc(), second.toString());
        assertEquals("ok=0 changed=0 unreachable=0 failed=0 skipped=2 rescued=0 ignored=0", second.recap("web"), second.toString());

        Out failing = run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - script: fail.sh
                """, web());
        assertEquals(2, failing.rc(), failing.toString());
        assertTrue(failing.out().contains("\"rc\": 4") && failing.out().contains("non-zero return code"), failing.toString());
        Path failCopy = Path.of(Files.readString(where).strip());
        assertFalse(Files.exists(failCopy.getParent()), "temp dir left behind after a failure: " + failCopy);
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void aPromptWithoutATerminalWarnsAndGoesOn() throws Exception {
        Out r = run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - pause:
                        prompt: Insert the backup disk
                      register: p
                    - assert:
                        that: p.user_input == ''
                """, web());
        assertEquals(0, r.rc(), r.toString());
        assertTrue((r.out() + r.err()).contains("Not waiting for response to prompt as stdin is not interactive"), r.toString());
        assertTrue(r.out().contains("Insert the backup disk:"), r.toString());
    }

    @Test
    void pauseRunsOnceForThePlayOnTheFirstHost() throws Exception {
        Out r = run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - pause:
                        seconds: 1
                      register: p
                    - assert:
                        that:
                          - p.stdout.startswith('Paused for ')
                          - p.stdout.endswith(' seconds')
                          - p.user_input == ''
                      when: inventory_hostname == 'web1'
                    - assert:
                        that: p is not defined
                      when: inventory_hostname == 'web2'
                """, SshTestHosts.inventoryLine("web1", SSHD) + "\n" + SshTestHosts.inventoryLine("web2", SSHD) + "\n");
        assertEquals(0, r.rc(), r.toString());
        assertEquals(1, r.out().split("Pausing for 1 seconds", -1).length - 1, r.toString());
        assertEquals("ok=2 changed=0 unreachable=0 failed=0 skipped=1 rescued=0 ignored=0", r.recap("web1"), r.toString());
        assertEquals("ok=1 changed=0 unreachable=0 failed=0 skipped=1 rescued=0 ignored=0", r.recap("web2"), r.toString());
    }
}
