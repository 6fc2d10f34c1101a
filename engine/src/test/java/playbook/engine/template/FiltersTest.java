package playbook.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static playbook.engine.template.TemplarTestSupport.eval;
import static playbook.engine.template.TemplarTestSupport.render;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import playbook.engine.TemplateException;

/** Filters; every expected string is what ansible-core 2.14.18 printed for the same template. */
class FiltersTest {

    @Test
    void conversions() {
        assertEquals("True|False|True|False", render("{{ 'yes' | bool }}|{{ 'off' | bool }}|{{ 1 | bool }}|{{ 'foo' | bool }}"));
        assertEquals("True|True|False|True|False||False", render("{{ 'yes' | bool }}|{{ 'True' | bool }}|{{ 'y' | bool }}|{{ '1' | bool }}|{{ 'no' | bool }}|{{ none | bool }}|{{ 0.0 | bool }}"));
        assertEquals("42|4|0|3.0|255", render("{{ '42' | int }}|{{ '4.7' | int }}|{{ 'x' | int }}|{{ '3' | float }}|{{ 'ff' | int(base=16) }}"));
        assertEquals("True|42.0|3|a1|2.5|1024|1|-4", render("{{ l | random in l }}|{{ 42 | float }}|{{ 3.7 | int }}|{{ 'a' ~ 1 }}|{{ 10 / 4 }}|{{ 2 ** 10 }}|{{ 7 % 3 }}|{{ -7 // 2 }}"));
        assertEquals("int|str|list|dict|float|bool|NoneType", render("{{ 1 | type_debug }}|{{ 'a' | type_debug }}|{{ l | type_debug }}|{{ d | type_debug }}|{{ 1.5 | type_debug }}|{{ true | type_debug }}|{{ none | type_debug }}"));
        assertEquals(8080L, eval("{{ '8080' | int }}"));
    }

    @Test
    void strings() {
        assertEquals("5|abc|ABC|Hello world|x", render("{{ 5 | string }}|{{ 'aBc' | lower }}|{{ 'aBc' | upper }}|{{ 'hello World' | capitalize }}|{{ '  x  ' | trim }}"));
        assertEquals("3,1,2|['a', 'b', 'c']|['a', 'b']|aXc", render("{{ l | join(',') }}|{{ 'a,b,c' | split(',') }}|{{ 'a b' | split }}|{{ 'abc' | replace('b','X') }}"));
        assertEquals("True", render("{{ true | string }}"));
        assertEquals("alice, bob", render("{{ users | map(attribute='name') | join(', ') }}"));
    }

    @Test
    void defaults() {
        assertEquals("e|e|False", render("{{ [] | default('e', true) }}|{{ 0 | default('e', true) }}|{{ false | d('e') }}"));
        assertEquals("y|n|z|x", render("{{ true | ternary('y', 'n') }}|{{ false | ternary('y', 'n') }}|{{ none | ternary('y', 'n', 'z') }}|{{ 'x' | mandatory }}"));
        assertEquals("Mandatory variable 'nope'  not defined.", assertThrows(TemplateException.class, () -> eval("{{ nope | mandatory }}")).getMessage());
    }

    @Test
    void regexFilters() {
        assertEquals("foo<123>bar|a-b-c|a[b]c|Z", render("{{ 'foo123bar' | regex_replace('(\\d+)', '<\\1>') }}|{{ 'a.b.c' | regex_replace('\\.', '-') }}|{{ 'abc' | regex_replace('(?P<x>b)', '[\\g<x>]') }}|{{ 'aa' | regex_replace('(?P<x>a)(?P=x)', 'Z') }}"));
        assertEquals("123||['123', '45']|['ab', '12']", render("{{ 'foo123bar45' | regex_search('\\d+') }}|{{ 'foo' | regex_search('\\d+') }}|{{ 'foo123bar45' | regex_findall('\\d+') }}|{{ 'ab12' | regex_search('(?P<w>[a-z]+)(\\d+)', '\\g<w>', '\\2') }}"));
        assertEquals("B|['a']", render("{{ 'ABC' | regex_search('b', ignorecase=True) }}|{{ 'a\\nb' | regex_findall('^\\w', multiline=True) }}"));
        assertEquals("Xoo", render("{{ 'Foo' | regex_replace('f', 'X', ignorecase=true) }}"));
        // a real newline (from YAML) is a line break; multiline=True finds both line starts
        assertEquals(List.of("a", "b"), TemplarTestSupport.TEMPLAR.template("{{ \"a\nb\" | regex_findall('^\\w', multiline=True) }}", TemplarTestSupport.vars()));
    }

    @Test
    void pathsEncodingHashingQuoting() {
        String home = System.getenv().getOrDefault("HOME", System.getProperty("user.home"));
        assertEquals("sshd_config|/etc/ssh|" + home + "/x", render("{{ path | basename }}|{{ path | dirname }}|{{ '~/x' | expanduser }}"));
        assertEquals("aGVsbG8=|hello|aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d|5d41402abc4b2a76b9719d911017c592|2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824|aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d",
                render("{{ 'hello' | b64encode }}|{{ 'aGVsbG8=' | b64decode }}|{{ 'hello' | hash('sha1') }}|{{ 'hello' | hash('md5') }}|{{ 'hello' | hash('sha256') }}|{{ 'hello' | checksum }}"));
        assertEquals("'it'\"'\"'s'|abc|'a b'|''", render("{{ \"it's\" | quote }}|{{ 'abc' | quote }}|{{ 'a b' | quote }}|{{ '' | quote }}"));
        assertEquals("3 1 2", render("{{ l | map('quote') | join(' ') }}"));
    }

    @Test
    void json() {
        assertEquals("{\"a\": 1, \"b\": 2}", render("{{ d | to_json }}"));
        assertEquals("{\n    \"a\": \"x\",\n    \"b\": [\n        1,\n        2\n    ]\n}", render("{{ {'b': [1, 2], 'a': 'x'} | to_nice_json }}"));
        assertEquals("{'a': [1, True, None]}", render("{{ '{\"a\": [1, true, null]}' | from_json }}"));
        assertEquals("{\"a\": null, \"b\": true, \"c\": 1.0, \"d\": \"x\"}", render("{{ {'a': none, 'b': true, 'c': 1.0, 'd': 'x'} | to_json }}"));
        assertEquals("\"\\u00e9\"|{\"b\": 1, \"a\": 2}|{\n    \"a\": [\n        1,\n        {\n            \"x\": []\n        }\n    ]\n}|{}",
                render("{{ \"é\" | to_json }}|{{ {'b': 1, 'a': 2} | to_json }}|{{ {'a': [1, {'x': [] }]} | to_nice_json }}|{{ {} | to_nice_json }}"));
    }

    @Test
    void yaml() {
        assertEquals("x\n|[1, a]\n|- 1\n- a\n|{e: '', k: 'yes', m: 'a: b', n: '1'}\n",
                render("{{ 'x' | to_yaml }}|{{ [1, 'a'] | to_yaml }}|{{ [1, 'a'] | to_nice_yaml }}|{{ {'k': 'yes', 'n': '1', 'e': '', 'm': 'a: b'} | to_yaml }}"));
        assertEquals("long string with many words and stuff\n|a:\n    b:\n    - 1\n    -   c: 2\nl: []\n|a:\n  b:\n  - 1\n  - {c: 2}\n|a: 1\n",
                render("{{ 'long string with many words and stuff' | to_nice_yaml }}|{{ {'a': {'b': [1, {'c': 2}]}, 'l': []} | to_nice_yaml }}|{{ {'a': {'b': [1, {'c': 2}]}} | to_yaml }}|{{ {'a': 1} | to_nice_yaml(indent=2) }}"));
        assertEquals("1.0\n|true\n|null\n|{f: 1.5, n: null, s: 'True', t: true, tilde: '~', z: '0123'}\n",
                render("{{ 1.0 | to_yaml }}|{{ true | to_yaml }}|{{ none | to_yaml }}|{{ {'t': true, 'n': none, 'f': 1.5, 's': 'True', 'z': '0123', 'tilde': '~'} | to_yaml }}"));
        assertEquals("[]\n", render("{{ [] | to_nice_yaml }}"));
        assertEquals(Map.of("a", 1L, "b", List.of("x"), "c", true), TemplarTestSupport.TEMPLAR.template("{{ \"a: 1\nb: [x]\nc: yes\" | from_yaml }}", TemplarTestSupport.vars()));
    }

    @Test
    void dicts() {
        assertEquals("{'a': 1, 'b': {'y': 2}, 'c': 3}|{'a': 1, 'b': {'x': 1, 'y': 2}}|{'a': [1, 2]}",
                render("{{ {'a': 1, 'b': {'x': 1}} | combine({'b': {'y': 2}, 'c': 3}) }}|{{ {'a': 1, 'b': {'x': 1}} | combine({'b': {'y': 2}}, recursive=True) }}|{{ {'a': [1]} | combine({'a': [2]}, list_merge='append') }}"));
        assertEquals("{'a': [2, 1], 'b': 2}|{'a': [1, 2, 3]}|{'a': [1]}|{'a': 1, 'b': 2}|{'a': 1, 'b': 2, 'c': 3}",
                render("{{ {'a': [1], 'b': 1} | combine({'a': [2], 'b': 2}, list_merge='prepend') }}|{{ {'a': [1, 2]} | combine({'a': [2, 3]}, list_merge='append_rp') }}|{{ {'a': [1]} | combine({'a': [2]}, list_merge='keep') }}|{{ [{'a': 1}, {'b': 2}] | combine }}|{{ {'a': 1} | combine({'b': 2}, {'c': 3}) }}"));
        assertEquals(Map.of("a", Map.of("b", Map.of("c", 9L, "d", 2L))), eval("{{ {'a': {'b': {'c': 1, 'd': 2}}} | combine({'a': {'b': {'c': 9}}}, recursive=true) }}"));
        assertEquals("[{'key': 'a', 'value': 1}, {'key': 'b', 'value': 2}]|{'x': 1}|{'x': 1}|[{'k': 'a', 'v': 1}, {'k': 'b', 'v': 2}]",
                render("{{ d | dict2items }}|{{ [{'key': 'x', 'value': 1}] | items2dict }}|{{ [{'name': 'x', 'v': 1}] | items2dict(key_name='name', value_name='v') }}|{{ d | dict2items(key_name='k', value_name='v') }}"));
        assertEquals("[0, 1, 2]|[1, 4, 7]|['a', 'b']|['a', 'b']|[('a', 1), ('b', 2)]|{'a': 1}|{'a': 1, 'b': 2}",
                render("{{ range(3) | list }}|{{ range(1, 10, 3) | list }}|{{ 'ab' | list }}|{{ d | list }}|{{ d.items() | list }}|{{ dict([['a', 1]]) }}|{{ d | dict2items | items2dict }}"));
        assertEquals("['a', 'b', 'c']", render("{{ d | combine({'c': 3}) | dict2items | map(attribute='key') | list }}"));
    }

    @Test
    void selectAndMap() {
        assertEquals("['alice']|['bob']|['alice']|[{'name': 'bob', 'active': False, 'age': 25}]",
                render("{{ users | selectattr('active') | map(attribute='name') | list }}|{{ users | rejectattr('active') | map(attribute='name') | list }}|{{ users | selectattr('age', 'gt', 26) | map(attribute='name') | list }}|{{ users | selectattr('name', 'equalto', 'bob') | list }}"));
        assertEquals("[1, 3]|[2, 4]|['a', 'b']|['3', '1', '2']",
                render("{{ [1, 2, 3, 4] | select('odd') | list }}|{{ [1, 2, 3, 4] | reject('odd') | list }}|{{ ['a', '', 'b'] | select | list }}|{{ l | map('string') | list }}"));
        assertEquals("1|2|alice|hello|25", render("{{ d['a'] }}|{{ d.get('b') }}|{{ users[0].name }}|{{ s[0:5] }}|{{ users | selectattr('name', 'eq', 'bob') | map(attribute='age') | first }}"));
    }

    @Test
    void listOperations() {
        assertEquals("[1, 2, 3]|[1, 2, 3]|[2]|[1]", render("{{ [1, 2, 1, 3] | unique }}|{{ [1, 2] | union([2, 3]) }}|{{ [1, 2] | intersect([2, 3]) }}|{{ [1, 2] | difference([2, 3]) }}"));
        assertEquals("[1, 2, 3, 4]|[1, 2, [3, [4]]]|1|3|6|3|3|3|2",
                render("{{ [1, [2, [3, [4]]]] | flatten }}|{{ [1, [2, [3, [4]]]] | flatten(levels=1) }}|{{ l | min }}|{{ l | max }}|{{ l | sum }}|{{ l | length }}|{{ l | count }}|{{ l | first }}|{{ l | last }}"));
        assertEquals("[1, 2, 3]|[3, 2, 1]|['bob', 'alice']|[(1, 'a'), (2, 'b')]",
                render("{{ l | sort }}|{{ l | sort(reverse=true) }}|{{ users | sort(attribute='age') | map(attribute='name') | list }}|{{ [1, 2] | zip(['a', 'b']) | list }}"));
        assertEquals("[(1, 'a'), (2, 'b')]|[1, 2, 3]|[1, 2]|16|[1, 2]",
                render("{{ [1, 2] | zip(['a', 'b']) }}|{{ [[1, 2], [3]] | flatten }}|{{ [1, none, [2, none]] | flatten }}|{{ [1, 2, 3] | sum(start=10) }}|{{ [[1], [2]] | sum(start=[]) }}"));
        assertEquals("[(1, 'a'), (1, 'b'), (2, 'a'), (2, 'b')]|[(0, 0), (0, 1), (1, 0), (1, 1)]|['x.a', 'x.b']|[]",
                render("{{ [1, 2] | product(['a', 'b']) | list }}|{{ [0, 1] | product(repeat=2) | list }}|{{ ['x'] | product(['.a', '.b']) | map('join') | list }}|{{ [] | product([1]) | list }}"));
        assertEquals("1|{'a': 1}|b|True", render("{{ [1, 2] | min }}|{{ [{'a': 2}, {'a': 1}] | min(attribute='a') }}|{{ ['b', 'a'] | max }}|{{ 3 | random < 3 }}"));
        assertEquals("1|['A', 'a', 'b']|6", render("{{ [3, 1] | sort | first }}|{{ ['b', 'A', 'a'] | sort }}|{{ [1,2,3] | map('int') | sum }}"));
    }

    @Test
    void pythonMethods() {
        assertEquals("HELLO|hello|True|False|['a', 'b']|x|azc|a is 1|x-5|y|a,b",
                render("{{ 'hello'.upper() }}|{{ 'HeLLo'.lower() }}|{{ 'hello'.startswith('he') }}|{{ 'hello'.endswith('x') }}|{{ 'a,b'.split(',') }}|{{ ' x '.strip() }}|{{ 'abc'.replace('b', 'z') }}|{{ '{} is {}'.format('a', 1) }}|{{ '%s-%d' % ('x', 5) }}|{{ '%s' % 'y' }}|{{ ','.join(['a', 'b']) }}"));
        assertEquals("[('a', 1), ('b', 2)]|['a', 'b']|[1, 2]|1|9||['a', 'b', 'c']|['a', 'b=c']||Hello World",
                render("{{ d.items() }}|{{ d.keys() }}|{{ d.values() }}|{{ d.get('a') }}|{{ d.get('z', 9) }}|{{ d.get('z') }}|{{ 'a b c'.split() }}|{{ 'a=b=c'.split('=', 1) }}|{{ 'xx'.rstrip('x') }}|{{ 'hello world'.title() }}"));
        assertEquals("3|   ab||ab   ||3.14|1 and b|a-b|1|ff|00042",
                render("{{ '%d' % 3.7 }}|{{ '%5s|' % 'ab' }}|{{ '%-5s|' % 'ab' }}|{{ '%.2f' % 3.14159 }}|{{ '%s and %s' % (1, 'b') }}|{{ '{0}-{1}'.format('a', 'b') }}|{{ '{x}'.format(x=1) }}|{{ '%x' % 255 }}|{{ '%05d' % 42 }}"));
        assertEquals("1:2 a  |", render("{{ \"%s:%s\" % (1, 2) }} {{ '%-3s|' % 'a' }}"));
    }

    @Test
    void unknownFilterIsAnError() {
        assertTrue(assertThrows(TemplateException.class, () -> render("{{ 1 | no_such_filter }}")).getMessage().contains("no_such_filter"));
    }

    @Test
    void roundIsPythonsHalfToEven() {
        assertEquals("3.14 2.0 -2.0 2.67 3.0 2.0", render("{{ 3.14159 | round(2) }} {{ 2.5 | round }} {{ -2.5 | round }} {{ 2.675 | round(2) }} {{ 2.1 | round(0, 'ceil') }} {{ 2.9 | round(method='floor') }}"));
    }

    @Test
    void batchFillsOnlyWhenAsked() {
        assertEquals(List.of(List.of(1L, 2L), List.of(3L, 4L), List.of(5L)), eval("{{ [1, 2, 3, 4, 5] | batch(2) | list }}"));
        assertEquals("[[1, 2], [3, 'x']]", render("{{ [1, 2, 3] | batch(2, 'x') | list }}"));
    }

    @Test
    void dictsortGivesKeyValuePairs() {
        assertEquals("[('a', 1), ('b', 2), ('C', 0)]", render("{{ {'b': 2, 'a': 1, 'C': 0} | dictsort }}"));
        assertEquals("[[\"b\", 2], [\"a\", 1]]", render("{{ {'b': 2, 'a': 1} | dictsort(by='value', reverse=true) | to_json }}"));
    }
}
