package playbook.engine.parse;

import org.junit.jupiter.api.Test;
import playbook.engine.ParseException;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Expected values are what ansible-core 2.14's parse_kv / split_args return for the same input. */
class FreeFormArgsTest {
    @Test void keyValuePairsWithQuotedValue() {
        FreeFormArgs.Split s = FreeFormArgs.split("src=a dest=\"b c\"");
        assertEquals(Map.of("src", "a", "dest", "b c"), s.options());
        assertNull(s.freeText());
    }

    @Test void commandTextKeepsQuotesAndExtractsCommandOptions() {
        FreeFormArgs.Split s = FreeFormArgs.split("echo \"a b\" creates=/x", FreeFormArgs.COMMAND_OPTIONS::contains);
        assertEquals(Map.of("creates", "/x"), s.options());
        assertEquals("echo \"a b\"", s.freeText());
    }

    @Test void checkRawKeepsUnknownKeysInTheText() {
        FreeFormArgs.Split s = FreeFormArgs.split("echo foo=bar chdir=/tmp", FreeFormArgs.COMMAND_OPTIONS::contains);
        assertEquals(Map.of("chdir", "/tmp"), s.options());
        assertEquals("echo foo=bar", s.freeText());
    }

    @Test void jinjaBlocksStayInOneWord() {
        FreeFormArgs.Split s = FreeFormArgs.split("msg='hello world' x={{ a | default('b c') }}");
        assertEquals("hello world", s.options().get("msg"));
        assertEquals("{{ a | default('b c') }}", s.options().get("x"));
        assertEquals(List.of("echo", "{{ foo }}", "bar=1"), FreeFormArgs.splitArgs("echo {{ foo }} bar=1"));
    }

    @Test void escapesAreDecodedInValuesAndEscapedEqualsIsText() {
        FreeFormArgs.Split s = FreeFormArgs.split("a\\=b k=\"tab\\there\"");
        assertEquals("tab\there", s.options().get("k"));
        assertEquals("a=b", s.freeText());
    }

    @Test void escapedQuotesInsideQuotedWord() {
        FreeFormArgs.Split s = FreeFormArgs.split("echo {{ foo }} bar=1 \"quoted \\\"x\\\"\" c=d\\=e");
        assertEquals(Map.of("bar", "1", "c", "d\\=e"), s.options());
        assertEquals("echo {{ foo }} \"quoted \\\"x\\\"\"", s.freeText());
    }

    @Test void whitespaceAndNewlinesArePreserved() {
        assertEquals("echo  two  spaces", FreeFormArgs.split("echo  two  spaces").freeText());
        FreeFormArgs.Split s = FreeFormArgs.split("line1\nline2 k=v");
        assertEquals("line1\nline2", s.freeText());
        assertEquals("v", s.options().get("k"));
    }

    @Test void unbalancedQuoteIsAnError() {
        ParseException e = assertThrows(ParseException.class, () -> FreeFormArgs.split("echo \"oops"));
        assertTrue(e.getMessage().startsWith("failed at splitting arguments"), e.getMessage());
    }
}
