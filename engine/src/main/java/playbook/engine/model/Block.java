package playbook.engine.model;

import java.util.List;
import java.util.Map;

/** block/rescue/always with the keywords that the block's tasks inherit. */
public record Block(String name, List<TaskItem> block, List<TaskItem> rescue, List<TaskItem> always,
                    Map<String, Object> keywords, SourceLocation location) implements TaskItem {
}
