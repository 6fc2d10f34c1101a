package playbook.engine.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Against Python's difflib.unified_diff (golden/difflib_cases.json was produced by Python 3.11). */
class UnifiedDiffTest {

    private static String diff(String a, String b, int n) {
        return String.join("", UnifiedDiff.diff(UnifiedDiff.splitLines(a), UnifiedDiff.splitLines(b), "before", "after", n));
    }

    @TestFactory Stream<DynamicTest> matchesPythonDifflib() throws IOException {
        List<Map<String, Object>> cases = new ObjectMapper().readValue(Events.golden("difflib_cases.json"),
                new TypeReference<List<Map<String, Object>>>() {});
        return cases.stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () ->
                assertEquals(c.get("diff"), diff((String) c.get("a"), (String) c.get("b"), (Integer) c.get("n")))));
    }

    @Test void oneChangedLineWithContext() {
        assertEquals("--- before\n+++ after\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n", diff("a\nb\nc\n", "a\nB\nc\n", 3));
    }

    @Test void identicalInputsGiveNoDiff() {
        assertEquals("", diff("same\n", "same\n", 3));
        assertEquals("", diff("", "", 3));
    }

    @Test void splitLinesKeepsLineEndsLikePython() {
        assertEquals(List.of("a\n", "b\r\n", "c\r", "d"), UnifiedDiff.splitLines("a\nb\r\nc\rd"));
        assertEquals(List.of(), UnifiedDiff.splitLines(""));
    }

    @Test void missingFinalNewlineIsMarkedAsAnsibleDoes() {
        String text = DiffText.render(List.of(new playbook.engine.api.Result.Diff("f", "a\n", "f", "a\nb")), false);
        assertEquals("--- before: f\n+++ after: f\n@@ -1 +1,2 @@\n a\n+b\n\\ No newline at end of file\n\n", text);
    }
}
