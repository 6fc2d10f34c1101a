package playbook.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --list-hosts, --list-tasks, --list-tags, --syntax-check and --start-at-task; expected text captured from ansible-playbook 2.14. */
class ListingsIT {
    @TempDir Path dir;

    private static final String PLAYBOOK = """
            - hosts: a,b
              name: first
              gather_facts: false
              tags: [p]
              tasks:
                - name: one
                  debug: msg=x
                  tags: [t1, t2]
                - block:
                    - command: echo
                  tags: blk
            - hosts: all
              gather_facts: false
              tasks:
                - debug: msg=hi
            """;

    private Run run(String... opts) throws Exception {
        String[] args = new String[3 + opts.length];
        args[0] = "$DIR/pb2.yml";
        args[1] = "-i";
        args[2] = "$DIR/inv";
        System.arraycopy(opts, 0, args, 3, opts.length);
        return Run.in(dir, Map.of("pb2.yml", PLAYBOOK, "inv", "a ansible_connection=local\nb ansible_connection=local\n"), args);
    }

    @Test
    void listHosts() throws Exception {
        Run r = run("--list-hosts");
        assertEquals(0, r.rc, r.toString());
        assertTrue(r.out.endsWith("""
                  play #1 (a,b): first\tTAGS: [p]
                    pattern: ['a,b']
                    hosts (2):
                      a
                      b

                  play #2 (all): all\tTAGS: []
                    pattern: ['all']
                    hosts (2):
                      a
                      b
                """), r.toString());
    }

    @Test
    void listTasksAndTags() throws Exception {
        Run r = run("--list-tasks");
        assertTrue(r.out.contains("""
                  play #1 (a,b): first\tTAGS: [p]
                    tasks:
                      one\tTAGS: [p, t1, t2]
                      command\tTAGS: [blk, p]
                """), r.toString());
        Run t = run("--list-tags");
        assertTrue(t.out.contains("      TASK TAGS: [blk, p, t1, t2]"), t.toString());
        assertTrue(t.out.contains("      TASK TAGS: []"), t.toString());
    }

    @Test
    void syntaxCheckRunsNothing() throws Exception {
        Run r = run("--syntax-check");
        assertEquals(0, r.rc, r.toString());
        assertTrue(r.out.contains("playbook: "), r.toString());
        assertFalse(r.out.contains("PLAY RECAP"), r.toString());
    }

    @Test
    void startAtTaskSkipsEverythingBefore() throws Exception {
        Files.createDirectories(dir.resolve("o"));
        Run r = Run.in(dir, Map.of("s.yml", """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: first
                      file: { path: "$DIR/o/first", state: touch }
                    - name: second
                      file: { path: "$DIR/o/second", state: touch }
                    - name: third
                      file: { path: "$DIR/o/third", state: touch }
                """.replace("$DIR", dir.toString()), "inventory", Run.LOCAL_INVENTORY),
                "$DIR/s.yml", "-i", "$DIR/inventory", "--start-at-task", "second");
        assertEquals(0, r.rc, r.toString());
        assertFalse(Files.exists(dir.resolve("o/first")));
        assertTrue(Files.exists(dir.resolve("o/second")) && Files.exists(dir.resolve("o/third")));
    }
}
