package playbook.ssh;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Temp files of copy (content and src), template, fetch and unarchive, over pi's real sshd, on
 * success and on forced failures after the upload: while a temp file exists beside its
 * destination it is private (mode 0600, seen by a validate command), and afterwards nothing is
 * left on pi (dest dirs, /tmp, /var/tmp) nor on the controller (the run's java.io.tmpdir, the
 * fetch dir). The CLI runs as a child JVM with a private java.io.tmpdir. Lab network 22.
 */
class TempFilesLabIT {
    private static final String NET = "22";
    private static final Path STATE = Path.of("/tmp/lab-rel-temp");
    /** What our temp files are called: module temps, transfer temps, private dirs. */
    private static final String LEFTOVERS = "find /srv/tf /tmp /var/tmp \\( -name '*.pbtmp*' -o -name '.*.pb-*.tmp'"
            + " -o -name '.playbook-*' -o -name 'pbunarchive*' \\) -print";

    @TempDir Path dir;

    @BeforeAll
    static void up() throws Exception {
        Lab.up(NET, STATE);
    }

    @AfterAll
    static void down() throws Exception {
        Lab.down();
    }

    @Test
    void copyTemplateFetchAndUnarchiveLeaveNothingBehindOnEitherSideAndKeepTempsPrivate() throws Exception {
        Path tmpdir = Files.createDirectory(dir.resolve("controller-tmp"));
        Path fetched = Files.createDirectory(dir.resolve("fetched"));
        Path src = dir.resolve("src.txt");
        Files.writeString(src, "from the controller\n");
        Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(dir.resolve("t.j2"), "host {{ inventory_hostname }}\n");
        Path tree = Files.createDirectories(dir.resolve("tree/x"));
        Files.writeString(tree.resolve("y"), "member\n");
        Lab.Out tar = Lab.exec(List.of("tar", "-czf", dir.resolve("a.tgz").toString(), "-C", dir.resolve("tree").toString(), "x"), null);
        assertEquals(0, tar.rc(), tar.toString());
        Lab.rootOk("pi", "mkdir -p /srv/tf/unpacked /srv/tf/refused-unpack /srv/tf-modes");
        String mode = "validate: \"sh -c 'stat -c %%a \\\"$1\\\" > /srv/tf-modes/%s' sh %%s\"";
        Files.writeString(dir.resolve("inventory"), "[servers]\n" + Lab.hostLine("pi", "root", "") + "\n");
        Files.writeString(dir.resolve("site.yml"), """
                - hosts: pi
                  gather_facts: false
                  tasks:
                    - copy:
                        content: "inline\\n"
                        dest: /srv/tf/content.txt
                        %s
                    - copy:
                        src: %s
                        dest: /srv/tf/src.txt
                        %s
                    - template:
                        src: %s
                        dest: /srv/tf/t.txt
                    - fetch:
                        src: /srv/tf/content.txt
                        dest: %s/
                        flat: true
                    - unarchive:
                        src: %s
                        dest: /srv/tf/unpacked
                - hosts: pi
                  gather_facts: false
                  ignore_errors: true
                  tasks:
                    - copy:
                        content: "refused\\n"
                        dest: /srv/tf/refused.txt
                        validate: "false %%s"
                    - template:
                        src: %s
                        dest: /srv/tf/refused-t.txt
                        validate: "false %%s"
                    - unarchive:
                        src: %s
                        dest: /srv/tf/refused-unpack
                        extra_opts: [--no-such-tar-option]
                    - fetch:
                        src: /srv/tf/missing.txt
                        dest: %s/
                        flat: true
                """.formatted(mode.formatted("content"), src, mode.formatted("src"), dir.resolve("t.j2"), fetched, dir.resolve("a.tgz"),
                dir.resolve("t.j2"), dir.resolve("a.tgz"), fetched));
        Lab.Out r = Lab.cli(dir, Map.of(), List.of("-Djava.io.tmpdir=" + tmpdir), "run", "site.yml", "-i", "inventory");
        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().matches("(?s).*pi\\s*:\\s*ok=9\\s+changed=5\\s+unreachable=0\\s+failed=0\\s+skipped=0\\s+rescued=0\\s+ignored=4.*"),
                r.toString());
        // the forced failures happened where intended: after the upload
        assertEquals("", Lab.rootOk("pi", "ls -A /srv/tf/refused-unpack"));
        assertTrue(r.out().contains("failed to validate"), r.toString());
        assertTrue(r.out().contains("no-such-tar-option"), r.toString());

        assertEquals("600\n", Lab.rootOk("pi", "cat /srv/tf-modes/content"), "copy content's temp file while it is validated");
        assertEquals("600\n", Lab.rootOk("pi", "cat /srv/tf-modes/src"), "copy src's temp file while it is validated");
        assertEquals("member\n", Lab.rootOk("pi", "cat /srv/tf/unpacked/x/y"));
        assertEquals("inline\n", Files.readString(fetched.resolve("content.txt")));
        assertEquals("", Lab.rootOk("pi", LEFTOVERS), "temp files left on pi");
        assertEquals("content.txt refused-unpack src.txt t.txt unpacked \n", Lab.rootOk("pi", "cd /srv/tf && ls -A | tr '\\n' ' '; echo"));
        try (Stream<Path> s = Files.list(tmpdir)) {
            assertEquals(List.of(), s.filter(p -> !p.getFileName().toString().startsWith("hsperfdata")).toList(), "controller temp files left");
        }
        try (Stream<Path> s = Files.list(fetched)) {
            assertEquals(List.of(fetched.resolve("content.txt")), s.toList(), "fetch left a temp file");
        }
    }
}
