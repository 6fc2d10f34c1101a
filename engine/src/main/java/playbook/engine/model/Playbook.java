package playbook.engine.model;

import java.nio.file.Path;
import java.util.List;

/** A playbook file with {@code import_playbook} already expanded into its plays, in order. */
public record Playbook(Path path, List<Play> plays) {
}
