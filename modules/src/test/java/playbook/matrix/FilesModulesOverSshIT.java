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
                Case.of("file touch with fixed times", """
                        file:
                          path: $D/stamp
                          state: touch
                          mode: "0600"
                          modification_time: "202001020304.05"
                          access_time: preserve
                        """, d -> { }, d -> {
                    assertFile(d.resolve("stamp"), "", "rw-------");
                    assertEquals(java.time.LocalDateTime.of(2020, 1, 2, 3, 4, 5).atZone(java.time.ZoneId.systemDefault()).toInstant(),
                            Files.getLastModifiedTime(d.resolve("stamp")).toInstant());
                }),
                Case.of("file directory with parents", """
                        file:
                          path: $D/a/b/c
                          state: directory
                          mode: "0700"
                        """, d -> { }, d -> {
                    assertEquals("rwx------", mode(d.resolve("a/b/c")));
                    assertTrue(Files.isDirectory(d.resolve("a/b")));
                }),
                Case.of("file recurse mode", """
                        file:
                          path: $D/tree
                          state: directory
                          recurse: true
                          mode: u=rwX,g=rX,o=
                        """, d -> {
                    write(d.resolve("tree/x.sh"), "x", "rwxrwxrwx");
                    write(d.resolve("tree/sub/y.txt"), "y", "rw-rw-rw-");
                }, d -> {
                    assertEquals("rwxr-x---", mode(d.resolve("tree/x.sh")));
                    assertEquals("rw-r-----", mode(d.resolve("tree/sub/y.txt")));
                    assertEquals("rwxr-x---", mode(d.resolve("tree/sub")));
                }),
                Case.of("copy on the host with directory_mode", """
                        copy:
                          src: $D/from/
                          dest: $D/to/
                          remote_src: true
                          directory_mode: "0750"
                        """, d -> {
                    write(d.resolve("from/f.txt"), "f\n", "rw-r-----");
                    write(d.resolve("from/deep/g.txt"), "g\n");
                }, d -> {
                    assertFile(d.resolve("to/f.txt"), "f\n", "rw-r-----");
                    assertFile(d.resolve("to/deep/g.txt"), "g\n", null);
                    assertEquals("rwxr-x---", mode(d.resolve("to/deep")));
                }),
                Case.of("copy with validate", """
                        copy:
                          content: "port=1\\n"
                          dest: $D/v.conf
                          validate: grep -q port= %s
                        """, d -> { }, d -> assertFile(d.resolve("v.conf"), "port=1\n", null)).diff("+port=1"),
                Case.of("template with backup", """
                        template:
                          src: $D/ctl/t.j2
                          dest: $D/t.conf
                          backup: true
                        """, d -> {
                    write(d.resolve("ctl/t.j2"), "{% for i in range(3) %}n{{ i }}\n{% endfor %}");
                    write(d.resolve("t.conf"), "old\n");
                }, d -> {
                    assertFile(d.resolve("t.conf"), "n0\nn1\nn2\n", null);
                    try (Stream<Path> s = Files.list(d)) {
                        assertEquals(1, s.filter(p -> p.getFileName().toString().startsWith("t.conf.")).count(), "one backup");
                    }
                }).diff("-old", "+n2"),
                Case.of("lineinfile insertafter and backrefs", """
                        lineinfile:
                          path: $D/l.conf
                          regexp: '^(listen)=.*$'
                          line: '\\1=0.0.0.0'
                          backrefs: true
                        """, d -> write(d.resolve("l.conf"), "[main]\nlisten=127.0.0.1\n"),
                        d -> assertFile(d.resolve("l.conf"), "[main]\nlisten=0.0.0.0\n", null)).diff("+listen=0.0.0.0"),
                Case.of("lineinfile insertbefore", """
                        lineinfile:
                          path: $D/i.conf
                          line: first=1
                          insertbefore: BOF
                        """, d -> write(d.resolve("i.conf"), "second=2\n"),
                        d -> assertFile(d.resolve("i.conf"), "first=1\nsecond=2\n", null)).diff("+first=1"),
                Case.of("blockinfile custom marker after a line", """
                        blockinfile:
                          path: $D/m.conf
                          marker: "// {mark} pb"
                          insertafter: '^\\[hosts\\]'
                          block: "10.0.0.1 pi"
                        """, d -> write(d.resolve("m.conf"), "[hosts]\n[other]\n"),
                        d -> assertFile(d.resolve("m.conf"), "[hosts]\n// BEGIN pb\n10.0.0.1 pi\n// END pb\n[other]\n", null)).diff("+10.0.0.1 pi"),
                Case.of("blockinfile removes its block", """
                        blockinfile:
                          path: $D/rm.conf
                          state: absent
                        """, d -> write(d.resolve("rm.conf"), "a\n# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\nb\n"),
                        d -> assertFile(d.resolve("rm.conf"), "a\nb\n", null)).diff("-x"),
                Case.of("replace between after and before", """
                        replace:
                          path: $D/ab.txt
                          after: '\\[b\\]'
                          before: '\\[c\\]'
                          regexp: '^on$'
                          replace: 'off'
                        """, d -> write(d.resolve("ab.txt"), "[a]\non\n[b]\non\n[c]\non\n"),
                        d -> assertFile(d.resolve("ab.txt"), "[a]\non\n[b]\noff\n[c]\non\n", null)).diff("+off"),
                Case.readOnly("stat a symlink and its target", """
                        stat:
                          path: $D/ln
                          follow: true
                          checksum_algorithm: md5
                        """, d -> {
                    write(d.resolve("real"), "abc", "rw-------");
                    Files.createSymbolicLink(d.resolve("ln"), d.resolve("real"));
                }, "R.stat.exists", "R.stat.isreg", "not R.stat.islnk", "R.stat.checksum == '900150983cd24fb0d6963f7d28e17f72'",
                        "R.stat.pw_name == 'root'", "R.stat.mode == '0600'"),
                Case.readOnly("stat a missing path", """
                        stat:
                          path: $D/nothing
                        """, d -> { }, "not R.stat.exists"),
                Case.readOnly("find by size, age, contents and type", """
                        find:
                          paths: $D
                          recurse: true
                          size: 2k
                          age: -1d
                          contains: needle
                        """, d -> {
                    write(d.resolve("big.txt"), "x".repeat(4096) + "\nneedle\n");
                    write(d.resolve("small.txt"), "needle\n");
                    write(d.resolve("sub/big-old.txt"), "x".repeat(4096) + "\nneedle\n");
                    Files.setLastModifiedTime(d.resolve("sub/big-old.txt"),
                            java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofDays(3))));
                    write(d.resolve("sub/big-nohit.txt"), "y".repeat(4096) + "\n");
                }, "R.files | map(attribute='path') | list == ['$D/big.txt']"),
                Case.readOnly("find directories and hidden files", """
                        find:
                          paths: $D
                          file_type: any
                          hidden: true
                          patterns: ['.h*', 'd*']
                        """, d -> {
                    write(d.resolve(".hidden"), "h");
                    Files.createDirectories(d.resolve("dir1"));
                    write(d.resolve("file"), "f");
                }, "R.files | map(attribute='path') | sort == ['$D/.hidden', '$D/dir1']",
                        "(R.files | selectattr('path', 'equalto', '$D/dir1') | first).isdir"),
                Case.of("tempfile directory", """
                        tempfile:
                          path: $D
                          state: directory
                          prefix: pbdir.
                        """, d -> { }, d -> {
                    try (Stream<Path> s = Files.list(d)) {
                        assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("pbdir.") && Files.isDirectory(p)), "no temp dir");
                    }
                }).statuses("changed", "skipped", "changed"),
                Case.of("archive bz2 of two files", """
                        archive:
                          path: [$D/one.txt, $D/two.txt]
                          dest: $D/a.tar.bz2
                          format: bz2
                        """, d -> {
                    write(d.resolve("one.txt"), "1\n");
                    write(d.resolve("two.txt"), "2\n");
                }, d -> {
                    String list = sh(d, "tar -tjf a.tar.bz2 | sort");
                    assertEquals("one.txt\ntwo.txt\n", list);
                }),
                Case.of("archive one file as xz with remove", """
                        archive:
                          path: $D/big.log
                          dest: $D/big.log.xz
                          format: xz
                          remove: true
                        """, d -> write(d.resolve("big.log"), "log line\n".repeat(100)), d -> {
                    assertAbsent(d.resolve("big.log"));
                    assertEquals("log line\n".repeat(100), sh(d, "xz -dc big.log.xz"));
                }).failsOnBusyBox("'xz' was not found on the host's PATH (BusyBox's xz only decompresses"),
                Case.of("archive zip", """
                        archive:
                          path: $D/src
                          dest: $D/a.zip
                          format: zip
                        """, d -> write(d.resolve("src/z.txt"), "z\n"), d -> {
                    String list = sh(d, "unzip -l a.zip");
                    assertTrue(list.contains("src/z.txt"), list);
                }).failsOnBusyBox("'zip' was not found on the host's PATH"),
                Case.of("unarchive zip on the host", """
                        unarchive:
                          src: $D/a.zip
                          dest: $D/out
                          remote_src: true
                        """, d -> {
                    write(d.resolve("pack/q.txt"), "q\n");
                    sh(d, "cd pack && python3 -m zipfile -c ../a.zip q.txt && cd .. && rm -r pack && mkdir out");
                }, d -> assertFile(d.resolve("out/q.txt"), "q\n", null)),
                Case.of("unarchive with include and creates", """
                        unarchive:
                          src: $D/a.tgz
                          dest: $D/out
                          remote_src: true
                          include: [keep.txt]
                          creates: $D/out/keep.txt
                        """, d -> {
                    write(d.resolve("pack/keep.txt"), "k\n");
                    write(d.resolve("pack/drop.txt"), "d\n");
                    sh(d, "tar -czf a.tgz -C pack keep.txt drop.txt && rm -r pack && mkdir out");
                }, d -> {
                    assertFile(d.resolve("out/keep.txt"), "k\n", null);
                    assertAbsent(d.resolve("out/drop.txt"));
                }).statuses("changed", "changed", "skipped"),
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
