package playbook.engine.report;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Expected strings are Python 3.11's json.dumps / repr output for the same values. */
class AnsibleJsonTest {

    @Test void compactSortsKeysKeepsUnicodeAndEscapesLikePython() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", "\u001b\u2028\u007f é \"\\ /");
        m.put("a", Map.of());
        m.put("B", List.of());
        m.put("1", null);
        m.put("é", true);
        assertEquals("{\"1\": null, \"B\": [], \"a\": {}, \"b\": \"\\u001b\u2028\u007f é \\\"\\\\ /\", \"é\": true}",
                AnsibleJson.dumps(m, false));
    }

    @Test void indentedUsesFourSpacesAndCompactEmptyContainers() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("x", List.of(1L, Map.of("y", List.of())));
        m.put("a", Map.of());
        assertEquals("{\n    \"a\": {},\n    \"x\": [\n        1,\n        {\n            \"y\": []\n        }\n    ]\n}",
                AnsibleJson.dumps(m, true));
    }

    @Test void floatsAreWrittenAsPythonRepr() {
        double[] in = {1e-05, 1e16, 1e15, 1.5e20, 0.1, 123456789.123, -0.0, 1e22, 1.7976931348623157e308, 100.0, 0.0001,
                2.5e-7, 1.0 / 3, Double.POSITIVE_INFINITY, Double.NaN};
        String[] out = {"1e-05", "1e+16", "1000000000000000.0", "1.5e+20", "0.1", "123456789.123", "-0.0", "1e+22",
                "1.7976931348623157e+308", "100.0", "0.0001", "2.5e-07", "0.3333333333333333", "Infinity", "NaN"};
        for (int i = 0; i < in.length; i++) assertEquals(out[i], AnsibleJson.dumps(in[i], false), "for " + in[i]);
    }

    @Test void nonStringKeysAndOtherNumbers() {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(2L, 7);
        m.put(true, (short) 1);
        assertEquals("{\"2\": 7, \"true\": 1}", AnsibleJson.dumps(m, false));
    }

    @Test void itemLabelsUsePythonRepr() {
        List<Object> l = new ArrayList<>(Arrays.asList("a", "it's", "q\"'", 1L, null, true, 1.5, Map.of("k", List.of(1L)),
                "tab\there", "é", "\u0000"));
        assertEquals("['a', \"it's\", 'q\"\\'', 1, None, True, 1.5, {'k': [1]}, 'tab\\there', 'é', '\\x00']", PythonRepr.repr(l));
        assertEquals("plain string", PythonRepr.str("plain string"));
        assertEquals("None", PythonRepr.str(null));
    }
}
