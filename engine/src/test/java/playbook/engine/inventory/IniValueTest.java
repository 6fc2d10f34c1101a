package playbook.engine.inventory;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Expected values are Python's ast.literal_eval results (python3 3.11 on this machine). */
class IniValueTest {
    @Test
    void numbers() {
        assertEquals(1L, IniValue.parse("1"));
        assertEquals(-5L, IniValue.parse("-5"));
        assertEquals(-1L, IniValue.parse("- 1"));
        assertEquals(1.5, IniValue.parse("+1.5"));
        assertEquals(1000L, IniValue.parse("1_000"));
        assertEquals(15L, IniValue.parse("0o17"));
        assertEquals(31L, IniValue.parse("0x1F"));
        assertEquals(-16L, IniValue.parse("-0x10"));
        assertEquals(5L, IniValue.parse("0b101"));
        assertEquals(0L, IniValue.parse("00"));
        assertEquals(0.5, IniValue.parse(".5"));
        assertEquals(1.0, IniValue.parse("1."));
        assertEquals(1000.0, IniValue.parse("1e3"));
        assertEquals(new BigInteger("123456789012345678901234567890"), IniValue.parse("123456789012345678901234567890"));
    }

    @Test
    void notLiteralsStayText() {
        for (String s : List.of("010", "1__0", "1e", "--1", "1+2", "yes", "false", "true", "x", "10.0.0.2", "1L", "1;2",
                "hello world", "{a:1}", "[1, 2", "12:30", "/usr/bin/python3", "-True", "")) {
            assertEquals(s, IniValue.parse(s), s);
        }
    }

    @Test
    void constantsAndStrings() {
        assertEquals(true, IniValue.parse("True"));
        assertEquals(false, IniValue.parse("False"));
        assertNull(IniValue.parse("None"));
        assertEquals("a b", IniValue.parse("'a b'"));
        assertEquals("ab", IniValue.parse("\"a\" \"b\""));
        assertEquals("x", IniValue.parse("u\"x\""));
        assertEquals("by", IniValue.parse("b'by'"));
        assertEquals("\\n", IniValue.parse("r\"\\n\""));
        assertEquals("a\tb", IniValue.parse("'a\\tb'"));
        assertEquals("\\q", IniValue.parse("\"\\q\""));
        assertEquals("tri", IniValue.parse("'''tri'''"));
        assertEquals("", IniValue.parse("''"));
        assertEquals(1L, IniValue.parse("1 # comment"));
        assertEquals(1L, IniValue.parse("  1"));
    }

    @Test
    void containers() {
        assertEquals(List.of(1L, 2L), IniValue.parse("1,2"));
        assertEquals(List.of(1L, 2L), IniValue.parse("(1, 2)"));
        assertEquals(1L, IniValue.parse("(1)"));
        assertEquals(List.of(), IniValue.parse("()"));
        assertEquals(List.of(1L), IniValue.parse("[1,]"));
        assertEquals(List.of(1L, -2L), IniValue.parse("[1, -2]"));
        assertEquals(Map.of(), IniValue.parse("{}"));
        assertEquals(Map.of("a", List.of(1L, List.of(2L, 3L))), IniValue.parse("{\"a\": [1, (2, 3)]}"));
        assertEquals(Map.of("a", 1L, "b", List.of(true, false)), IniValue.parse("{'a': 1, 'b': [True, False]}"));
        assertEquals(java.util.Arrays.asList(1L, "two", null), IniValue.parse("[1,'two',None]"));
    }

    @Test
    void bracketsNestedBeyondPythonsLimitStayText() {
        // found by BadInputFuzzIT: 5,000 '(' overflowed the stack (exit 250); Python's parser stops at 200 levels
        String deep = "(".repeat(5_000) + "1" + ")".repeat(5_000);
        assertEquals(deep, IniValue.parse(deep));
        String lists = "[".repeat(201) + "]".repeat(201);
        assertEquals(lists, IniValue.parse(lists));
        assertEquals(List.of(List.of(List.of())), IniValue.parse("[[[]]]"));
    }
}
