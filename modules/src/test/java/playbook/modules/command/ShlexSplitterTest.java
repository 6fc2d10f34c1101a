package playbook.modules.command;

import org.junit.jupiter.api.Test;
import playbook.engine.ModuleException;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ShlexSplitterTest {
    @Test void splitsLikePythonShlex() {
        assertEquals(List.of("echo", "hi", "a b"), ShlexSplitter.split("echo hi \"a b\""));
        assertEquals(List.of("a'b", "c d", "e\\f"), ShlexSplitter.split("a\\'b 'c d' \"e\\f\""));
        assertEquals(List.of("x\"y", "ab"), ShlexSplitter.split("\"x\\\"y\" a'b'"));
        assertEquals(List.of("$HOME", "*"), ShlexSplitter.split("$HOME *"));
        assertEquals(List.of(), ShlexSplitter.split("   "));
    }

    @Test void unclosedQuoteFails() {
        assertThrows(ModuleException.class, () -> ShlexSplitter.split("echo 'oops"));
    }
}
