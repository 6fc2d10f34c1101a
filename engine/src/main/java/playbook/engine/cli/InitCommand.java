package playbook.engine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code playbook init DIR}: a small working project (ansible.cfg, inventory, group_vars, a
 * playbook and a template) that runs against the lab hosts, or with {@code --local} against this
 * machine. It never overwrites a file.
 */
@Command(name = "init", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Create a starter project in DIR: ansible.cfg, inventory.ini, group_vars/all.yaml, site.yaml and "
                + "a template. The inventory targets the lab (lab/up) or, with --local, this machine.",
        footer = {"", "Examples:", "  lab/up && playbook init myproject && cd myproject && playbook run site.yaml",
                "  playbook init --local try && cd try && playbook run site.yaml --check --diff"})
final class InitCommand implements Callable<Integer> {
    @ParentCommand RootCommand parent;

    @Parameters(arity = "1", paramLabel = "DIR", description = "The project directory (created when missing).")
    Path dir;

    @Option(names = "--lab", paramLabel = "STATE", defaultValue = "/tmp/playbook-lab",
            description = "The lab's state dir, whose inventory.ini is copied (default: ${DEFAULT-VALUE}).")
    Path lab;

    @Option(names = "--local", description = "Target this machine (ansible_connection=local) instead of the lab.")
    boolean local;

    @Override
    public Integer call() {
        Path root = dir.toAbsolutePath().normalize();
        Map<String, String> files = new LinkedHashMap<>();
        String inventory;
        if (local) {
            inventory = "# this machine, without SSH\n[servers]\nlocalhost ansible_connection=local\n";
        } else {
            Path labInventory = lab.resolve("inventory.ini");
            if (!Files.isRegularFile(labInventory)) {
                parent.err.println("ERROR! no lab inventory at " + labInventory + ": start the lab first (lab/up), "
                        + "name its state dir with --lab STATE, or use --local");
                return 1;
            }
            try {
                inventory = Files.readString(labInventory);
            } catch (IOException e) {
                parent.err.println("ERROR! can't read " + labInventory + ": " + e.getMessage());
                return 1;
            }
        }
        files.put("ansible.cfg", """
                # playbook reads ansible.cfg like ansible-playbook does (this directory first).
                [defaults]
                inventory = inventory.ini
                # Host keys are checked against known_hosts; never turn this off for real hosts.
                host_key_checking = True
                forks = 10
                """);
        files.put("inventory.ini", inventory);
        files.put("group_vars/all.yaml", """
                # Variables for every host. Host- and group-specific ones go in host_vars/ and group_vars/<group>.yaml.
                project_dir: %s
                motd_owner: the home lab
                """.formatted(local ? root.resolve("out") : "/srv/playbook-demo"));
        files.put("site.yaml", """
                # Run it with: playbook run site.yaml   (add --check --diff to see what would change)
                - name: Starter play
                  hosts: all
                  gather_facts: true
                  tasks:
                    - name: The project directory
                      file:
                        path: "{{ project_dir }}"
                        state: directory
                        mode: "0755"

                    - name: A file rendered from a template
                      template:
                        src: templates/motd.j2
                        dest: "{{ project_dir }}/motd"
                        mode: "0644"
                      notify: Show the message

                    - name: What this host runs
                      debug:
                        msg: "{{ inventory_hostname }} runs {{ ansible_facts.distribution | default('?') }} on {{ ansible_facts.architecture | default('?') }}"

                  handlers:
                    - name: Show the message
                      command: cat {{ project_dir }}/motd
                      changed_when: false
                """);
        files.put("templates/motd.j2", """
                Welcome to {{ inventory_hostname }}, managed by {{ motd_owner }} with playbook.
                {% for g in group_names %}
                - member of {{ g }}
                {% endfor %}
                """);
        List<String> existing = new ArrayList<>();
        for (String f : files.keySet()) if (Files.exists(root.resolve(f))) existing.add(f);
        if (!existing.isEmpty()) {
            parent.err.println("ERROR! " + root + " already has " + String.join(", ", existing) + "; nothing was written");
            return 1;
        }
        try {
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path p = root.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, f.getValue());
            }
        } catch (IOException e) {
            parent.err.println("ERROR! can't write the project in " + root + ": " + e.getMessage());
            return 1;
        }
        parent.out.println("Created " + root + ": " + String.join(", ", files.keySet()));
        parent.out.println("Next: cd " + dir + " && playbook run site.yaml" + (local ? " --check --diff" : ""));
        return 0;
    }
}
