package playbook.modules.system;

import org.junit.jupiter.api.Test;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Result;
import playbook.modules.FakeTarget;
import playbook.modules.Run;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** group and user against recorded account probes from GNU (shadow-utils) and BusyBox hosts. */
class GroupUserFakeTest {
    private static final String GROUPS = "root:x:0:\nusers:x:100:\ndocker:x:998:alice\ngrafana:x:472:\nnogroup:x:65534:\n";

    private static String probe(String pw, String home, String tools) {
        return "__pw\n" + pw + "\n__home\n" + home + "__gr\n" + GROUPS + "__tools\n" + tools;
    }

    /**
     * The commands that changed accounts, each checked for and stripped of the sbin PATH the probe
     * used too, and of the passwd lookup a create or modify appends ({@link AccountDb#afterChange}).
     */
    private static List<String> applied(FakeTarget t) {
        return t.commands("apply").stream().map(c -> {
            assertTrue(c.startsWith(AccountDb.SBIN + " "), c);
            String body = c.substring(AccountDb.SBIN.length() + 1);
            String tail = "; } && { printf '\\n%s\\n' " + AccountDb.AFTER + "; ";
            int at = body.indexOf(tail);
            return body.startsWith("{ ") && at > 0 ? body.substring(2, at) : body;
        }).toList();
    }

    @Test void parsesRecordedProbe() {
        AccountDb db = AccountDb.parse(new ExecResult(0,
                probe("alice:x:1000:100:Alice A,,,:/home/alice:/bin/bash", "present\n", "useradd\nadduser\n"), ""));
        assertEquals(new AccountDb.Passwd("alice", 1000, 100, "Alice A,,,", "/home/alice", "/bin/bash"), db.user);
        assertTrue(db.homeExists);
        assertEquals(AccountDb.Tools.SHADOW, db.tools, "Debian has both; useradd wins");
        assertEquals(List.of("docker"), db.membership("alice"));
        assertEquals("grafana", db.group("472").name());
        AccountDb bb = AccountDb.parse(new ExecResult(0, probe("", "", "adduser\n"), ""));
        assertNull(bb.user);
        assertEquals(AccountDb.Tools.BUSYBOX, bb.tools);
    }

    @Test void groupCreateGnuExactGid() {
        FakeTarget t = new FakeTarget().on("__gr", 0, "__gr\n" + GROUPS + "__tools\nuseradd\n")
                .on("export PATH; groupadd", 0, "");
        Result r = Run.run(new GroupModule(), t, "name", "pbapp", "gid", 10001, "system", true);
        assertTrue(r.isChanged());
        assertEquals(List.of("groupadd -g 10001 -r pbapp"), applied(t));
    }

    @Test void groupExistingIsOkAndGidChangeUsesGroupmod() {
        FakeTarget t = new FakeTarget().on("__gr", 0, "__gr\n" + GROUPS + "__tools\nuseradd\n");
        Result ok = Run.run(new GroupModule(), t, "name", "grafana", "gid", 472);
        assertFalse(ok.isChanged());
        assertEquals(472L, ok.values().get("gid"));
        assertTrue(applied(t).isEmpty());

        FakeTarget c = new FakeTarget().check(true).on("__gr", 0, "__gr\n" + GROUPS + "__tools\nuseradd\n");
        assertTrue(Run.run(new GroupModule(), c, "name", "grafana", "gid", 473).isChanged());
        assertEquals(List.of("groupmod -g 473 grafana"), applied(c));
        assertEquals(1, c.commands("probe").size(), "check mode: no re-read");
    }

    @Test void withoutAccountToolsAChangeFailsUpFrontNamingWhatToInstallAndNoChangeIsStillOk() {
        String none = "__gr\n" + GROUPS + "__tools\n";
        for (boolean check : new boolean[] {true, false}) {
            FakeTarget t = new FakeTarget().check(check).on("__gr", 0, none);
            Result g = Run.run(new GroupModule(), t, "name", "pbapp");
            assertTrue(g.isFailed(), "check=" + check);
            assertEquals("can't create group pbapp on fake: no account tools there (neither useradd/groupadd from the passwd"
                    + " package nor BusyBox adduser/addgroup applets); install one of them", g.msg());
            assertTrue(Run.run(new GroupModule(), t, "name", "docker", "state", "absent").msg().startsWith("can't remove group docker on fake: no account tools"));
            assertTrue(Run.run(new UserModule(), new FakeTarget().check(check).on("__pw", 0, probe("", "", "")), "name", "bob")
                    .msg().startsWith("can't create user bob on fake: no account tools"));
            assertTrue(Run.run(new UserModule(), new FakeTarget().check(check).on("__pw", 0,
                    probe("bob:x:1001:100::/home/bob:/bin/sh", "present\n", "")), "name", "bob", "state", "absent")
                    .msg().startsWith("can't remove user bob on fake: no account tools"));
            assertEquals(List.of(), applied(t));
        }
        Result ok = Run.run(new GroupModule(), new FakeTarget().on("__gr", 0, none), "name", "grafana");
        assertFalse(ok.isFailed() || ok.isChanged(), "nothing to change needs no tools: " + ok.msg());
    }

    @Test void groupBusyBoxCreateModifyDelete() {
        String out = "__gr\n" + GROUPS + "__tools\nadduser\n";
        FakeTarget t = new FakeTarget().check(true).on("__gr", 0, out);
        Run.run(new GroupModule(), t, "name", "pbapp", "system", true, "gid", 10001);
        Run.run(new GroupModule(), t, "name", "docker", "state", "absent");
        Run.run(new GroupModule(), t, "name", "docker", "gid", 1001);
        List<String> a = applied(t);
        assertEquals("addgroup -g 10001 -S pbapp", a.get(0));
        assertEquals("delgroup docker", a.get(1));
        assertTrue(a.get(2).contains("awk -F: -v OFS=: -v n=docker -v g=1001 '$1==n{$3=g}1' /etc/group"), a.get(2));
        Result inUse = Run.run(new GroupModule(), t, "name", "docker", "gid", 472);
        assertEquals("gid '472' in use", inUse.msg());
    }

    @Test void groupFailureNamesGroupAndHost() {
        FakeTarget t = new FakeTarget().on("__gr", 0, "__gr\n" + GROUPS + "__tools\nuseradd\n")
                .on("export PATH; groupadd", new ExecResult(4, "", "groupadd: GID '472' already exists\n"));
        Result r = Run.run(new GroupModule(), t, "name", "other", "gid", 472);
        assertTrue(r.isFailed());
        assertEquals("can't create group other on fake: groupadd: GID '472' already exists", r.msg());
    }

    @Test void userCreateGnuWithPasswordOnStdin() {
        String hash = "$6$salt$abc'def";
        FakeTarget t = new FakeTarget().check(false)
                .on("__pw", 0, probe("", "", "useradd\n")).on("useradd", 0, "");
        Result r = Run.run(new UserModule(), t, "name", "grafana", "uid", 472, "group", "grafana",
                "groups", List.of("docker", "users"), "home", "/srv/grafana", "shell", "/bin/false",
                "comment", "Grafana; $(x)", "system", true, "password", hash);
        assertTrue(r.isChanged());
        FakeTarget.Sent apply = t.sent.stream().filter(s -> s.kind().equals("apply")).findFirst().orElseThrow();
        assertEquals("mkdir -p /srv && useradd -u 472 -g grafana -G docker,users -c 'Grafana; $(x)' -d /srv/grafana"
                + " -s /bin/false -m -r grafana && chpasswd -e", applied(t).get(0));
        assertFalse(apply.command().contains("salt"), "the hash is not on the command line");
        assertEquals("grafana:" + hash + "\n", new String(apply.stdin(), StandardCharsets.UTF_8));
        assertEquals("NOT_LOGGING_PASSWORD", r.values().get("password"));
    }

    /** The change prints the new passwd entry itself: the result has it without a second probe. */
    @Test void userCreateReadsTheNewEntryFromTheSameExec() {
        FakeTarget t = new FakeTarget().check(false).on("__pw", 0, probe("", "", "useradd\n"))
                .on("useradd", 0, "Creating mailbox file\n\n" + AccountDb.AFTER + "\nbench:x:1001:1001::/home/bench:/bin/sh\n");
        Result r = Run.run(new UserModule(), t, "name", "bench", "shell", "/bin/sh");
        assertTrue(r.isChanged());
        assertEquals(1001L, r.values().get("uid"));
        assertEquals("/home/bench", r.values().get("home"));
        assertEquals("Creating mailbox file\n", r.values().get("stdout"), "the passwd line is not the command's output");
        assertEquals(1, t.commands("probe").size(), "no probe after the change");

        AccountDb.Changed none = AccountDb.splitAfterChange("no marker\n");
        assertEquals("no marker\n", none.stdout());
        assertNull(none.user());
        AccountDb.Changed empty = AccountDb.splitAfterChange("\n" + AccountDb.AFTER + "\n");
        assertEquals("", empty.stdout());
        assertNull(empty.user(), "a change that printed no entry leaves it to a probe");
    }

    @Test void userCreateBusyBoxAndMissingGroup() {
        FakeTarget t = new FakeTarget().check(true).on("__pw", 0, probe("", "", "adduser\n"));
        Run.run(new UserModule(), t, "name", "app", "uid", 10001, "group", "users", "groups", "docker",
                "create_home", false, "shell", "/sbin/nologin");
        assertEquals(List.of("adduser -D -u 10001 -G users -s /sbin/nologin -H app && adduser app docker"), applied(t));
        Result bad = Run.run(new UserModule(), new FakeTarget().on("__pw", 0, probe("", "", "useradd\n")),
                "name", "app", "group", "nosuch");
        assertEquals("Group nosuch does not exist", bad.msg());
    }

    @Test void userModifyOnlyWhatDiffers() {
        String pw = "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin";
        FakeTarget same = new FakeTarget().on("__pw", 0, probe(pw, "", "useradd\n"));
        Result ok = Run.run(new UserModule(), same, "name", "nobody", "uid", 65534, "create_home", false,
                "shell", "/usr/sbin/nologin");
        assertFalse(ok.isChanged());
        assertEquals(65534L, ok.values().get("uid"));
        assertTrue(applied(same).isEmpty());

        FakeTarget t = new FakeTarget().check(true).on("__pw", 0, probe(pw, "", "useradd\n"));
        Result r = Run.run(new UserModule(), t, "name", "nobody", "uid", 65533, "group", "docker",
                "groups", "docker", "append", true, "create_home", false);
        assertTrue(r.isChanged());
        assertEquals(List.of("usermod -u 65533 -g 998 -a -G docker nobody"), applied(t));

        FakeTarget home = new FakeTarget().check(true).on("__pw", 0, probe(pw, "", "useradd\n"));
        assertTrue(Run.run(new UserModule(), home, "name", "nobody").isChanged(), "missing home is created, as Ansible does");
        assertTrue(applied(home).get(0).startsWith("mkdir -p /nonexistent"));
    }

    @Test void userBusyBoxGroupsAndRemove() {
        String pw = "alice:x:1000:100:Alice:/home/alice:/bin/ash";
        FakeTarget t = new FakeTarget().check(true).on("__pw", 0, probe(pw, "present\n", "adduser\n"));
        Run.run(new UserModule(), t, "name", "alice", "groups", "grafana");
        Run.run(new UserModule(), t, "name", "alice", "state", "absent", "remove", true);
        assertEquals(List.of("adduser alice grafana && delgroup alice docker", "deluser alice --remove-home"),
                applied(t));
        FakeTarget gnu = new FakeTarget().check(true).on("__pw", 0, probe(pw, "present\n", "useradd\n"));
        Result del = Run.run(new UserModule(), gnu, "name", "alice", "state", "absent", "remove", true, "force", true);
        assertEquals(List.of("userdel -f -r alice"), applied(gnu));
        assertEquals(true, del.values().get("remove"));
    }
}
