package playbook.engine.parse;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import playbook.engine.ParseException;
import playbook.engine.model.Play;
import playbook.engine.model.RoleRef;
import playbook.engine.model.SourceLocation;
import playbook.engine.model.TaskItem;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** One play of a playbook: its keywords (validated against Ansible's Play keywords) and its task sections. */
final class PlayParser {
    private final NodeReader reader;
    private final TaskParser tasks;
    private final RoleLoader roles;
    private final Predicate<String> isAction;

    PlayParser(NodeReader reader, TaskParser tasks, RoleLoader roles, Predicate<String> isAction) {
        this.reader = reader;
        this.tasks = tasks;
        this.roles = roles;
        this.isAction = isAction;
    }

    Play parse(MappingNode map, String file, Path baseDir) {
        SourceLocation where = NodeReader.at(map, file);
        Map<String, Object> keywords = new LinkedHashMap<>();
        List<TaskItem> preTasks = List.of(), playTasks = List.of(), postTasks = List.of(), handlers = List.of();
        List<RoleRef> roleRefs = List.of();
        String name = null;
        boolean hasHosts = false, hasRemoteUser = false, hasUser = false;
        for (NodeReader.Entry e : reader.entries(map, file)) {
            String key = e.key();
            switch (key) {
                case "name" -> {
                    Object v = reader.value(e.value(), file);
                    name = v == null ? null : String.valueOf(v);
                }
                case "pre_tasks" -> preTasks = tasks.parseList(e.value(), file, false, key);
                case "tasks" -> playTasks = tasks.parseList(e.value(), file, false, key);
                case "post_tasks" -> postTasks = tasks.parseList(e.value(), file, false, key);
                case "handlers" -> handlers = tasks.parseList(e.value(), file, true, key);
                case "roles" -> roleRefs = roles.parseRefs(e.value(), file, key);
                case "vars" -> keywords.put(key, reader.vars(e.value(), file, "play"));
                case "hosts" -> {
                    checkHosts(e, file);
                    hasHosts = true;
                    keywords.put(key, reader.value(e.value(), file));
                }
                case "user" -> {   // deprecated alias of remote_user, still accepted by Ansible
                    hasUser = true;
                    keywords.put("remote_user", reader.value(e.value(), file));
                }
                default -> {
                    if (!Keywords.PLAY.contains(key)) throw unknownKey(e);
                    if (key.equals("remote_user")) hasRemoteUser = true;
                    keywords.put(key, reader.value(e.value(), file));
                }
            }
        }
        if (hasUser && hasRemoteUser) {
            throw new ParseException(where + ": both 'user' and 'remote_user' are set for this play; 'user' is the"
                    + " deprecated name of 'remote_user', remove it.");
        }
        if (!hasHosts) {
            throw new ParseException(where + ": the play " + (name != null ? "'" + name + "' " : "")
                    + "has no 'hosts'; add e.g. 'hosts: all' (or a group or host pattern) to it.");
        }
        if (name == null) name = defaultName(keywords.get("hosts"));
        return new Play(name, keywords, preTasks, roleRefs, playTasks, postTasks, handlers, where, baseDir);
    }

    /** Ansible names an unnamed play after its hosts. */
    private static String defaultName(Object hosts) {
        if (hosts instanceof List<?> l) {
            StringBuilder b = new StringBuilder();
            for (Object h : l) b.append(b.length() > 0 ? "," : "").append(h);
            return b.toString();
        }
        return String.valueOf(hosts);
    }

    private void checkHosts(NodeReader.Entry e, String file) {
        Node v = e.value();
        String bad = null;
        if (NodeReader.isNull(v)) bad = "is empty";
        else if (v instanceof SequenceNode seq) {
            if (seq.getValue().isEmpty()) bad = "is an empty list";
            for (Node h : seq.getValue()) {
                if (!(reader.value(h, file) instanceof String)) bad = "contains " + reader.describe(h, file);
            }
        } else if (v instanceof MappingNode) bad = "is a mapping";
        else if (reader.value(v, file) instanceof String s && s.isBlank()) bad = "is empty";
        if (bad != null) {
            throw new ParseException(e.location() + ": 'hosts' " + bad + "; it must be a host pattern such as 'all',"
                    + " 'web:&prod', or a list of host or group names.");
        }
    }

    private ParseException unknownKey(NodeReader.Entry e) {
        String key = e.key();
        String what;
        if (key.equals("include")) {
            what = "to run another playbook use 'import_playbook: other.yml' as its own playbook entry";
        } else if (key.equals("when")) {
            what = "a play cannot be conditional; put 'when' on its tasks or blocks, or on an 'import_playbook' entry";
        } else if (Keywords.isTaskKeyword(key, true)) {
            what = "'" + key + "' is a task keyword; set it on a task or block under 'tasks:'";
        } else if (isAction.test(key) || Keywords.BUILTIN_ACTIONS.contains(Keywords.shortName(key))) {
            what = "'" + key + "' is a module: a playbook is a list of plays, so put this task under a play's"
                    + " 'tasks:' (a task file holds bare tasks only when it is imported with import_tasks)";
        } else {
            what = "remove it or fix the spelling" + Hints.didYouMean(key, Keywords.PLAY);
        }
        return new ParseException(e.location() + ": '" + key + "' is not a valid play keyword: " + what + ".");
    }
}
