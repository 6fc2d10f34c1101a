package playbook.engine.api;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArgSpecDocTest {
    @Test
    void docDescribesTheArgumentDeclaredLastAndSurvivesLaterModifiers() {
        ArgSpec spec = ArgSpec.builder()
                .arg("path", ArgType.PATH).doc("Where.").required().aliases("dest")
                .arg("state", ArgType.STR).defaultValue("file").choices("file", "absent")
                .doc("What it should be.")
                .arg("raw", ArgType.RAW)
                .build();
        ArgSpec.Arg path = spec.args().get("path");
        assertEquals("Where.", path.doc());
        assertTrue(path.required());
        assertEquals(List.of("dest"), path.aliases());
        ArgSpec.Arg state = spec.args().get("state");
        assertEquals("What it should be.", state.doc());
        assertEquals("file", state.defaultValue());
        assertEquals(List.of("file", "absent"), state.choices());
        assertNull(spec.args().get("raw").doc());
    }

    @Test
    void docBeforeAnyArgumentIsAnError() {
        assertThrows(IllegalStateException.class, () -> ArgSpec.builder().doc("orphan"));
    }

    @Test
    void moduleDocKeepsOrderAndStripsTheTextBlockIndent() {
        ArgSpec spec = ArgSpec.builder()
                .arg("x", ArgType.STR)
                .summary("Do x")
                .description("First.", "Second.")
                .notes("Note one.")
                .returns("b", "B.").returns("a", "A.")
                .example("""
                        - name: one
                          debug: msg=x
                        """)
                .example("    - ping:\n")
                .build();
        ArgSpec.Doc d = spec.doc();
        assertEquals("Do x", d.summary());
        assertEquals(List.of("First.", "Second."), d.description());
        assertEquals(List.of("Note one."), d.notes());
        assertEquals(List.of("b", "a"), List.copyOf(d.returns().keySet()));
        assertEquals(List.of("- name: one\n  debug: msg=x", "- ping:"), d.examples());
    }

    @Test
    void aSpecWithoutDocsHasAnEmptyDoc() {
        ArgSpec.Doc d = ArgSpec.none().doc();
        assertNull(d.summary());
        assertTrue(d.examples().isEmpty() && d.description().isEmpty() && d.notes().isEmpty());
        assertEquals(Map.of(), d.returns());
    }
}
