package playbook.modules.packaging;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static playbook.modules.packaging.PkgLab.assertRecap;

/**
 * What {@code package} must do with a real package manager in the lab's pi, whatever the manager:
 * present, latest and absent, each idempotent and each a no-op in check mode, and a missing package
 * named with the host, in check mode too. Version 1.0 of {@link #pkg()} is in the repository at the
 * start; it installs /usr/share/PKG/hello.txt holding "hello VERSION".
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class PackageManagerLabContract {
    /** The lab, started by the subclass's @BeforeAll. */
    abstract PkgLab lab();

    /** The package module's {@code use}. */
    abstract String use();

    /** The test package's name. */
    abstract String pkg();

    /** What {@link #installed} prints for version {@code v} of the package (the manager's own query). */
    abstract String installedAs(String v);

    /** The manager's own query on pi: the installed version, or "none". */
    abstract String installed() throws Exception;

    /** Puts version {@code v} in the repository on pi and refreshes pi's view of it (pacman -Sy, dnf makecache). */
    abstract void publish(String v) throws Exception;

    private String file() { return "/usr/share/" + pkg() + "/hello.txt"; }

    private String task(String state) { return "package: name=" + pkg() + " state=" + state + " use=" + use(); }

    @Test @Order(1)
    void presentInstallsOnceAndCheckModeInstallsNothing() throws Exception {
        assertRecap(lab().play(task("present"), "-C"), "0", 1, 1);
        assertEquals("none\n", installed(), "check mode installs nothing");
        assertRecap(lab().play(task("present")), "0", 1, 1);
        assertEquals(installedAs("1.0"), installed());
        assertEquals("hello 1.0\n", lab().pi("cat " + file()));
        assertRecap(lab().play(task("present")), "0", 1, 0);
    }

    @Test @Order(2)
    void latestUpgradesOnlyWhenTheRepositoryHasANewerVersion() throws Exception {
        assertRecap(lab().play(task("latest")), "0", 1, 0);
        publish("1.1");
        assertRecap(lab().play(task("present")), "0", 1, 0);
        assertRecap(lab().play(task("latest"), "-C"), "0", 1, 1);
        assertEquals("hello 1.0\n", lab().pi("cat " + file()), "check mode upgrades nothing");
        String[] r = lab().play("package:\n        name: " + pkg() + "\n        state: latest\n        use: " + use()
                + "\n      register: r\n    - assert:\n        that: [r.use == '" + use() + "']");
        assertRecap(r, "0", 2, 1);
        assertEquals(installedAs("1.1"), installed());
        assertEquals("hello 1.1\n", lab().pi("cat " + file()));
        assertRecap(lab().play(task("latest")), "0", 1, 0);
    }

    @Test @Order(3)
    void absentRemovesOnceAndCheckModeRemovesNothing() throws Exception {
        assertRecap(lab().play(task("absent"), "-C"), "0", 1, 1);
        assertEquals(installedAs("1.1"), installed());
        assertRecap(lab().play(task("absent")), "0", 1, 1);
        assertEquals("none\n", installed());
        assertEquals("gone\n", lab().pi("[ -e " + file() + " ] || echo gone"));
        assertRecap(lab().play(task("absent")), "0", 1, 0);
    }

    @Test @Order(4)
    void aMissingPackageFailsNamingItAndTheHostInCheckModeToo() throws Exception {
        for (String mode : new String[] {"-v", "-C"}) {
            String[] r = lab().play("package: name=nosuchpkg state=present use=" + use(), mode);
            assertEquals("2", r[0], r[1] + r[2]);
            assertTrue(r[1].contains("No package matching 'nosuchpkg' is available (pi)"), mode + ":\n" + r[1]);
        }
    }
}
