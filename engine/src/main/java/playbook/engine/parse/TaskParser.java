package playbook.engine.parse;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import playbook.engine.ParseException;
import playbook.engine.model.Block;
import playbook.engine.model.SourceLocation;
import playbook.engine.model.Task;
import playbook.engine.model.TaskItem;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns a YAML list of tasks into {@link Task}s and {@link Block}s, keeping where every key was
 * written. Which key of a task is its action follows Ansible: every key that is a task keyword
 * is a keyword, and exactly one of the others must name a module or engine action.
 */
final class TaskParser {
    private static final Set<String> BLOCK_SECTIONS = Set.of("block", "rescue", "always");

    private final NodeReader reader;
    private final Predicate<String> isAction;
    private final Collection<String> actionNames;
    private final ActionArgs actionArgs;

    TaskParser(NodeReader reader, Predicate<String> isAction, Collection<String> actionNames) {
        this.reader = reader;
        this.isAction = isAction;
        this.actionNames = actionNames;
        this.actionArgs = new ActionArgs(reader);
    }

    /**
     * A task list: null or an empty value gives an empty list.
     *
     * @param section the key the list was under ("tasks", "handlers", "block", ...), for messages
     */
    List<TaskItem> parseList(Node node, String file, boolean handlers, String section) {
        List<TaskItem> items = new ArrayList<>();
        if (NodeReader.isNull(node)) return items;
        if (!(node instanceof SequenceNode seq)) {
            throw new ParseException(NodeReader.at(node, file) + ": '" + section + "' must be a list of tasks, got "
                    + reader.describe(node, file) + ". Start each task with '- ', e.g.\n  " + section
                    + ":\n    - name: say hello\n      debug:\n        msg: hello");
        }
        for (Node item : seq.getValue()) items.add(parseItem(item, file, handlers));
        return items;
    }

    TaskItem parseItem(Node node, String file, boolean handlers) {
        if (!(node instanceof MappingNode map)) {
            String hint = "";
            if (node instanceof ScalarNode s && s.getValue().matches("[\\w.]+ .*")) {
                String[] words = s.getValue().split(" ", 2);
                hint = " Did you mean '" + words[0] + ": " + words[1] + "'?";
            }
            throw new ParseException(NodeReader.at(node, file) + ": a task must be a mapping such as"
                    + " '- name: ...' followed by a module, got " + reader.describe(node, file) + "." + hint);
        }
        List<NodeReader.Entry> entries = reader.entries(map, file);
        for (NodeReader.Entry e : entries) {
            if (BLOCK_SECTIONS.contains(e.key())) return parseBlock(map, entries, file, handlers);
        }
        return parseTask(map, entries, file, handlers);
    }

    private Block parseBlock(MappingNode map, List<NodeReader.Entry> entries, String file, boolean handlers) {
        String name = null;
        List<TaskItem> block = List.of(), rescue = List.of(), always = List.of();
        Map<String, Object> keywords = new LinkedHashMap<>();
        for (NodeReader.Entry e : entries) {
            switch (e.key()) {
                case "block" -> block = parseList(e.value(), file, handlers, "block");
                case "rescue" -> rescue = parseList(e.value(), file, handlers, "rescue");
                case "always" -> always = parseList(e.value(), file, handlers, "always");
                case "name" -> name = text(reader.value(e.value(), file));
                case "vars" -> keywords.put("vars", reader.vars(e.value(), file, "block"));
                default -> {
                    if (!Keywords.BLOCK.contains(e.key())) throw badBlockKey(e);
                    keywords.put(e.key(), reader.value(e.value(), file));
                }
            }
        }
        return new Block(name, block, rescue, always, keywords, NodeReader.at(map, file));
    }

    private ParseException badBlockKey(NodeReader.Entry e) {
        String key = e.key();
        String what;
        if (isActionName(key)) {
            what = "a block cannot have an action; put the '" + key + "' task in a list under 'block:'";
        } else if (Keywords.isTaskKeyword(key, true)) {
            what = "'" + key + "' is a task keyword; set it on the tasks inside the block";
        } else {
            what = "remove it or fix the spelling" + Hints.didYouMean(key, Keywords.BLOCK);
        }
        return new ParseException(e.location() + ": '" + key + "' is not a valid keyword for a block: " + what
                + ". Block keywords: " + String.join(", ", Keywords.BLOCK) + ".");
    }

    private Task parseTask(MappingNode map, List<NodeReader.Entry> entries, String file, boolean handlers) {
        SourceLocation where = NodeReader.at(map, file);
        String name = null;
        NodeReader.Entry action = null, legacy = null, argsEntry = null;
        List<NodeReader.Entry> unknown = new ArrayList<>();
        Map<String, Object> keywords = new LinkedHashMap<>();
        Map<String, SourceLocation> keyLocations = new LinkedHashMap<>();
        for (NodeReader.Entry e : entries) {
            String key = e.key();
            keyLocations.put(key, e.location());
            if (key.equals("name")) {
                name = text(reader.value(e.value(), file));
            } else if (key.equals("action") || key.equals("local_action")) {
                if (legacy != null) {
                    throw new ParseException(e.location() + ": action and local_action are mutually exclusive;"
                            + " keep one (local_action means action plus delegate_to: localhost)");
                }
                legacy = e;
            } else if (key.equals("args")) {
                argsEntry = e;
            } else if (key.equals("vars")) {
                keywords.put("vars", reader.vars(e.value(), file, handlers ? "handler" : "task"));
            } else if (Keywords.isTaskKeyword(key, handlers)) {
                keywords.put(key, reader.value(e.value(), file));
            } else if (key.equals("listen")) {
                throw new ParseException(e.location() + ": 'listen' is only valid on handlers, not on tasks. Move this"
                        + " task under 'handlers:', or use 'notify' on the task that should trigger a handler.");
            } else if (key.equals("import_playbook") || key.endsWith(".import_playbook")) {
                throw new ParseException(e.location() + ": import_playbook can only be used at the top level of a"
                        + " playbook (as a play), not as a task. Use import_tasks to include a task file here.");
            } else if (isActionName(key)) {
                if (action != null || legacy != null) {
                    String first = action != null ? action.key() : legacy.key();
                    throw new ParseException(e.location() + ": conflicting action statements: " + first + ", " + key
                            + ". A task runs exactly one module; split this into two tasks.");
                }
                action = e;
            } else {
                unknown.add(e);
            }
        }
        if (!unknown.isEmpty()) throw unknownKey(unknown.get(0), action != null ? action : legacy, handlers);
        if (action == null && legacy == null) {
            throw new ParseException(where + ": no module/action detected in task. Add one module to the task, e.g."
                    + "\n  - name: say hello\n    debug:\n      msg: hello");
        }

        Map<String, Object> args = new LinkedHashMap<>();
        if (argsEntry != null) actionArgs.putArgs(argsEntry, file, args, keyLocations);
        String module;
        String freeForm;
        if (legacy != null) {
            ActionArgs.Legacy l = actionArgs.legacy(legacy, file, args, keyLocations);
            module = l.module();
            freeForm = l.freeForm();
            if (legacy.key().equals("local_action")) {
                keywords.put("delegate_to", "localhost");
                keyLocations.put("delegate_to", legacy.location());
            }
        } else {
            module = Keywords.shortName(action.key());
            freeForm = actionArgs.moduleValue(action, module, file, args, keyLocations);
        }
        if (module.equals("include")) {
            reader.warn(legacy != null ? legacy.location() : action.location(),
                    "'include' is deprecated (removed in ansible-core 2.16); use include_tasks or import_tasks");
            module = "include_tasks";
        }
        return new Task(name, module, args, freeForm, keywords, where, keyLocations);
    }

    private ParseException unknownKey(NodeReader.Entry e, NodeReader.Entry action, boolean handlers) {
        String key = e.key();
        Set<String> keywords = handlers ? Keywords.HANDLER : Keywords.TASK;
        String keyword = Hints.closest(key, keywords);
        String module = Hints.closest(key, actionNames);
        if (keyword != null && (action != null || module == null)) {
            return new ParseException(e.location() + ": unknown keyword '" + key + "' (did you mean '" + keyword
                    + "'?). Fix the spelling, or remove the key.");
        }
        if (action == null) {
            return new ParseException(e.location() + ": couldn't resolve module/action '" + key + "'"
                    + (module != null ? " (did you mean '" + module + "'?)" : "")
                    + ". Check the spelling; this engine runs built-in modules only, so a collection module"
                    + " needs a built-in equivalent.");
        }
        String actionName = action.key();
        return new ParseException(e.location() + ": '" + key + "' is neither a task keyword nor a known module"
                + (module != null ? " (did you mean '" + module + "'?)" : "") + "; this task's action is '"
                + actionName + "'. If '" + key + "' is an argument of '" + actionName + "', indent it under '"
                + actionName + ":'.");
    }

    private boolean isActionName(String key) {
        return Keywords.BUILTIN_ACTIONS.contains(Keywords.shortName(key)) || isAction.test(key);
    }

    private static String text(Object v) {
        return v == null ? null : String.valueOf(v);
    }
}
