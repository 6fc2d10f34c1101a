package playbook.matrix;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.testing.SshdExtension;
import playbook.modules.BusyBoxPath;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static playbook.matrix.Fs.assertAbsent;
import static playbook.matrix.Fs.assertFile;
import static playbook.matrix.Fs.assertOwner;
import static playbook.matrix.Fs.mode;
import static playbook.matrix.Fs.sh;
import static playbook.matrix.Fs.write;

/**
 * The files family (file, copy, template, lineinfile, blockinfile, replace, stat, find, fetch,
 * tempfile, archive, unarchive, wait_for) over a real sshd, once with the machine's GNU userland and
 * once with a PATH of BusyBox applets only: host state, idempotent second run, check mode, diff.
 */
class FilesModulesOverSshIT {
    static final Path BIN = BusyBoxPath.create();

    @RegisterExtension
    static final SshdExtension GNU = SshdExtension.builder().build();

    @RegisterExtension
    static final SshdExtension BUSYBOX = SshdExtension.builder().config("SetEnv PATH=" + BIN).build();

    @TempDir
    static Path work;

    @AfterAll
    static void removeBin() throws IOException {
        BusyBoxPath.remove(BIN);
    }

    @TestFactory
    Stream<DynamicNode> files() {
        return new SshdMatrix(work, cases()).on(new SshdMatrix.Host("gnu", GNU, false), new SshdMatrix.Host("busybox", BUSYBOX, true));
    }

    static List<Case> cases() {
        return List.of(
                Case.of("file directory", """
                        file:
                          path: $D/d
                          state: directory
                          mode: "0750"
                          owner: nobody
                          group: nogroup
                        """, d -> { }, d -> {
                    assertTrue(Files.isDirectory(d.resolve("d"), LinkOption.NOFOLLOW_LINKS));
                    assertEquals("rwxr-x---", mode(d.resolve("d")));
                    assertOwner(d.resolve("d"), "nobody", "nogroup");
                }).diff("\"state\": \"absent\"", "\"state\": \"directory\""),
                Case.of("file mode of an existing file", """
                        file:
                          path: $D/f
                          mode: u=rw,go=
                        """, d -> write(d.resolve("f"), "x\n", "rw-r--r--"),
                        d -> assertFile(d.resolve("f"), "x\n", "rw-------")).diff("\"mode\": \"0644\"", "\"mode\": \"0600\""),
                Case.of("file link", """
                        file:
                          src: $D/target
                          dest: $D/link
                          state: link
                        """, d -> write(d.resolve("target"), "t\n"), d -> {
                    assertTrue(Files.isSymbolicLink(d.resolve("link")));
                    assertEquals(d.resolve("target"), Files.readSymbolicLink(d.resolve("link")));
                }).diff("\"state\": \"link\""),
                Case.of("file hard link", """
                        file:
                          src: $D/target
                          dest: $D/hard
                          state: hard
                        """, d -> write(d.resolve("target"), "t\n"), d -> {
                    assertEquals(Files.getAttribute(d.resolve("target"), "unix:ino"), Files.getAttribute(d.resolve("hard"), "unix:ino"));
                    assertEquals(2, Files.getAttribute(d.resolve("target"), "unix:nlink"));
                }),
                Case.of("file absent", """
                        file:
                          path: $D/gone
                          state: absent
                        """, d -> write(d.resolve("gone/deep/x"), "x\n"),
                        d -> assertAbsent(d.resolve("gone"))).diff("\"state\": \"directory\"", "\"state\": \"absent\""),
                Case.of("file recurse owner", """
                        file:
                          path: $D/tree
                          state: directory
                          recurse: true
                          owner: nobody
                        """, d -> write(d.resolve("tree/a/b.txt"), "b\n"), d -> {
                    assertOwner(d.resolve("tree"), "nobody", "root");
                    assertOwner(d.resolve("tree/a"), "nobody", "root");
                    assertOwner(d.resolve("tree/a/b.txt"), "nobody", "root");
                }),
                Case.of("copy content", """
                        copy:
                          content: "hello\\n"
                          dest: $D/c.txt
                          mode: "0640"
                          owner: nobody
                          group: nogroup
                        """, d -> { }, d -> {
                    assertFile(d.resolve("c.txt"), "hello\n", "rw-r-----");
                    assertOwner(d.resolve("c.txt"), "nobody", "nogroup");
                }).diff("+hello"),
                Case.of("copy replaces with backup", """
                        copy:
                          content: "new\\n"
                          dest: $D/c.txt
                          backup: true
                        """, d -> write(d.resolve("c.txt"), "old\n", "rw-r-----"), d -> {
                    assertFile(d.resolve("c.txt"), "new\n", "rw-r-----");
                    try (Stream<Path> s = Files.list(d)) {
                        List<Path> backups = s.filter(p -> p.getFileName().toString().startsWith("c.txt.")).toList();
                        assertEquals(1, backups.size(), "one backup: " + backups);
                        assertFile(backups.get(0), "old\n", null);
                    }
                }).diff("-old", "+new"),
                Case.of("copy a controller directory", """
                        copy:
                          src: $D/ctl/tree/
                          dest: $D/out/
                        """, d -> {
                    write(d.resolve("ctl/tree/a.txt"), "a\n");
                    write(d.resolve("ctl/tree/sub/b.txt"), "b\n", "rwx------");
                }, d -> {
                    assertFile(d.resolve("out/a.txt"), "a\n", null);
                    assertFile(d.resolve("out/sub/b.txt"), "b\n", null);
                }),
                Case.of("template", """
                        template:
                          src: $D/ctl/t.j2
                          dest: $D/t.conf
                          mode: "0600"
                        vars:
                          who: pi
                        """, d -> write(d.resolve("ctl/t.j2"), "Hello {{ who }}\nport={{ 40 + 2 }}\n"),
                        d -> assertFile(d.resolve("t.conf"), "Hello pi\nport=42\n", "rw-------")).diff("+Hello pi", "+port=42"),
                Case.of("lineinfile regexp", """
                        lineinfile:
                          path: $D/a.conf
                          regexp: '^port='
                          line: port=2
                        """, d -> write(d.resolve("a.conf"), "a=1\nport=1\nz=9\n"),
                        d -> assertFile(d.resolve("a.conf"), "a=1\nport=2\nz=9\n", null)).diff("-port=1", "+port=2"),
                Case.of("lineinfile create", """
                        lineinfile:
                          path: $D/new.conf
                          line: only=1
                          create: true
                          mode: "0644"
                        """, d -> { }, d -> assertFile(d.resolve("new.conf"), "only=1\n", "rw-r--r--")).diff("+only=1"),
                Case.of("lineinfile absent", """
                        lineinfile:
                          path: $D/a.conf
                          regexp: '^#'
                          state: absent
                        """, d -> write(d.resolve("a.conf"), "# c1\nkeep\n# c2\n"),
                        d -> assertFile(d.resolve("a.conf"), "keep\n", null)).diff("-# c1", "-# c2"),
                Case.of("blockinfile", """
                        blockinfile:
                          path: $D/b.conf
                          block: |
                            x=1
                            y=2
                        """, d -> write(d.resolve("b.conf"), "top\n"),
                        d -> assertFile(d.resolve("b.conf"), "top\n# BEGIN ANSIBLE MANAGED BLOCK\nx=1\ny=2\n# END ANSIBLE MANAGED BLOCK\n", null))
                        .diff("+x=1", "+# END ANSIBLE MANAGED BLOCK"),
                Case.of("replace", """
                        replace:
                          path: $D/r.txt
                          regexp: 'foo(\\d)'
                          replace: 'bar\\1'
                        """, d -> write(d.resolve("r.txt"), "foo1 x foo2\nfoo\n"),
                        d -> assertFile(d.resolve("r.txt"), "bar1 x bar2\nfoo\n", null)).diff("-foo1 x foo2", "+bar1 x bar2"),
                Case.readOnly("stat", """
                        stat:
                          path: $D/s.txt
                          checksum_algorithm: sha256
                        """, d -> write(d.resolve("s.txt"), "abc", "rw-r-----"),
                        "R.stat.exists", "R.stat.isreg", "R.stat.size == 3", "R.stat.mode == '0640'",
                        "R.stat.checksum == 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'"),
                Case.readOnly("find", """
                        find:
                          paths: $D
                          patterns: '*.log'
                          recurse: true
                        """, d -> {
                    write(d.resolve("a.log"), "a");
                    write(d.resolve("sub/b.log"), "b");
                    write(d.resolve("c.txt"), "c");
                }, "R.matched == 2", "R.files | map(attribute='path') | sort == ['$D/a.log', '$D/sub/b.log']"),
                Case.readOnly("wait_for a present file", """
                        wait_for:
                          path: $D/ready
                          search_regex: up
                          timeout: 5
                        """, d -> write(d.resolve("ready"), "service is up\n"), "R is not failed"),
                Case.readOnly("wait_for an absent file", """
                        wait_for:
                          path: $D/lock
                          state: absent
                          timeout: 5
                        """, d -> { }, "R is not failed"),
                Case.of("fetch", """
                        fetch:
                          src: $D/remote.txt
                          dest: $D/fetched/
                          flat: true
                        """, d -> write(d.resolve("remote.txt"), "from the host\n"),
                        d -> assertFile(d.resolve("fetched/remote.txt"), "from the host\n", null))
                        .statuses("changed", "skipped", "ok"), // Ansible's fetch skips under --check too
                // tempfile makes a new file on every run, as Ansible's does: changed each time; it skips under --check as Ansible's does
                Case.of("tempfile", """
                        tempfile:
                          path: $D
                          suffix: .tmp
                        """, d -> { }, d -> {
                    try (Stream<Path> s = Files.list(d)) {
                        assertTrue(s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp") && Files.isRegularFile(p)), "no temp file");
                    }
                }).statuses("changed", "skipped", "changed"),
                Case.of("archive a directory", """
                        archive:
                          path: $D/src
                          dest: $D/a.tar.gz
                          format: gz
                        """, d -> {
                    write(d.resolve("src/one.txt"), "1\n");
                    write(d.resolve("src/sub/two.txt"), "2\n");
                }, d -> {
                    String list = sh(d, "tar -tzf a.tar.gz | sort");
                    assertTrue(list.contains("src/one.txt") && list.contains("src/sub/two.txt"), list);
                    assertTrue(Files.exists(d.resolve("src/one.txt")), "archive removed its source");
                }),
                Case.of("unarchive on the host", """
                        unarchive:
                          src: $D/a.tar.gz
                          dest: $D/out
                          remote_src: true
                        """, d -> {
                    write(d.resolve("pack/x.txt"), "x\n", "rw-r-----");
                    write(d.resolve("pack/dir/y.txt"), "y\n");
                    sh(d, "tar -czf a.tar.gz -C pack . && rm -r pack && mkdir out");
                }, d -> {
                    assertFile(d.resolve("out/x.txt"), "x\n", "rw-r-----");
                    assertFile(d.resolve("out/dir/y.txt"), "y\n", null);
                }),
                Case.of("unarchive from the controller", """
                        unarchive:
                          src: $D/ctl/a.tar
                          dest: $D/out
                        """, d -> {
                    Files.createDirectories(d.resolve("ctl"));
                    write(d.resolve("pack/z.txt"), "z\n");
                    sh(d, "tar -cf ctl/a.tar -C pack z.txt && rm -r pack && mkdir out");
                }, d -> assertFile(d.resolve("out/z.txt"), "z\n", null)));
    }
}
