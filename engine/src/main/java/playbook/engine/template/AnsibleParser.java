package playbook.engine.template;

import com.hubspot.jinjava.el.ExtendedSyntaxBuilder;
import com.hubspot.jinjava.el.TruthyTypeConverter;
import com.hubspot.jinjava.el.ext.ExtendedParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import jinjava.de.odysseus.el.ExpressionFactoryImpl;
import jinjava.de.odysseus.el.tree.TreeBuilder;
import jinjava.de.odysseus.el.tree.impl.Builder;
import jinjava.de.odysseus.el.tree.impl.Parser;
import jinjava.de.odysseus.el.tree.impl.Parser.ParseException;
import jinjava.de.odysseus.el.tree.impl.Scanner.ScanException;
import jinjava.de.odysseus.el.tree.impl.Scanner.Symbol;
import jinjava.de.odysseus.el.tree.impl.Scanner.Token;
import jinjava.de.odysseus.el.tree.impl.ast.AstBinary;
import jinjava.de.odysseus.el.tree.impl.ast.AstNode;
import jinjava.de.odysseus.el.tree.impl.ast.AstNull;
import jinjava.de.odysseus.el.tree.impl.ast.AstNumber;
import jinjava.de.odysseus.el.tree.impl.ast.AstParameters;
import jinjava.javax.el.ExpressionFactory;

/**
 * Jinjava's expression parser with the Jinja2 syntax it lacks:
 * <ul>
 * <li>filters and tests chain in any order at the same level, as in Jinja2's parse_filter_expr:
 * {@code x | f is none}, {@code x | f is not defined}, {@code x is defined | string};</li>
 * <li>Python slices with a step, {@code s[::-1]}, {@code l[1:-1:2]}; every slice goes through
 * {@link PySlice} so that out-of-range bounds behave as in Python;</li>
 * <li>integer attributes, {@code item.0} (the scanner reads {@code .0} as a float literal);</li>
 * <li>Python's {@code ==}, {@code !=} and {@code ~} ({@link PyOperators}).</li>
 * </ul>
 */
final class AnsibleParser extends ExtendedParser {
    /** The filter that slices are compiled into. */
    static final String SLICE_FILTER = "__pb_slice";

    /** Symbols that can start a test name after {@code is} (as in Jinjava's own parser). */
    private static final Set<Symbol> TEST_START = Set.of(Symbol.IDENTIFIER, Symbol.EQ, Symbol.NE, Symbol.LT,
            Symbol.LE, Symbol.GT, Symbol.GE, Symbol.TRUE, Symbol.FALSE);

    AnsibleParser(Builder context, String input) {
        super(context, input);
        PyOperators.install(this);
    }

    @Override
    protected AstBinary createAstBinary(AstNode left, AstNode right, AstBinary.Operator operator) {
        if (operator == AstBinary.EQ) return super.createAstBinary(left, right, PyOperators.EQ);
        if (operator == AstBinary.NE) return super.createAstBinary(left, right, PyOperators.NE);
        return super.createAstBinary(left, right, operator);
    }

    /** The expression factory to give Jinjava: Jinjava's defaults with this parser. */
    static ExpressionFactory expressionFactory() {
        return new ExpressionFactoryImpl(new Properties(), new TruthyTypeConverter()) {
            @Override
            protected TreeBuilder createTreeBuilder(Properties properties, Builder.Feature... features) {
                return new ExtendedSyntaxBuilder(features) {
                    private static final long serialVersionUID = 1L;

                    @Override
                    protected Parser createParser(String expression) {
                        return new AnsibleParser(this, expression);
                    }
                };
            }
        };
    }

    @Override
    protected AstNode filter(boolean required) throws ScanException, ParseException {
        AstNode v = super.filter(required);
        if (v == null) return null;
        while (true) {
            String image = getToken().getImage();
            if ("|".equals(image) && lookahead(0).getSymbol() == Symbol.IDENTIFIER) {
                v = parseFiltersAsNestedMethods(v);
            } else if ("is".equals(image) && "not".equals(lookahead(0).getImage()) && isTestName(lookahead(1))) {
                consumeToken();
                consumeToken();
                v = test(v, "evaluateNegated");
            } else if ("is".equals(image) && isTestName(lookahead(0))) {
                consumeToken();
                v = test(v, "evaluate");
            } else {
                return v;
            }
        }
    }

    private static boolean isTestName(Token t) {
        return TEST_START.contains(t.getSymbol()) || "in".equals(t.getImage());
    }

    /** {@code exptest:name.evaluate(value, interpreter[, arg])}, as Jinjava builds a test. */
    private AstNode test(AstNode value, String method) throws ScanException, ParseException {
        String name = consumeToken().getImage();
        List<AstNode> params = new ArrayList<>(List.of(value, interpreter()));
        AstNode arg = value();
        if (arg != null) params.add(arg);
        return createAstMethod(createAstDot(identifier(EXPTEST_PREFIX + name), method, true),
                new AstParameters(params));
    }

    @Override
    protected AstNode value() throws ScanException, ParseException {
        boolean lvalue = true;
        AstNode v = nonliteral();
        if (v == null) {
            v = literal();
            if (v == null) return null;
            lvalue = false;
        }
        boolean strict = !context.isEnabled(Builder.Feature.NULL_PROPERTIES);
        while (true) {
            Token token = getToken();
            switch (token.getSymbol()) {
                case DOT -> {
                    consumeToken();
                    String name = consumeToken(Symbol.IDENTIFIER).getImage();
                    var dot = createAstDot(v, name, lvalue);
                    v = getToken().getSymbol() == Symbol.LPAREN && context.isEnabled(Builder.Feature.METHOD_INVOCATIONS)
                            ? createAstMethod(dot, params()) : dot;
                }
                case FLOAT -> {
                    if (!token.getImage().matches("\\.\\d+")) return v;
                    consumeToken();
                    v = createAstBracket(v, new AstNumber(Long.parseLong(token.getImage().substring(1))), lvalue, strict);
                }
                case LBRACK -> v = subscript(v, lvalue, strict);
                default -> {
                    return v;
                }
            }
        }
    }

    /** {@code [key]} or a slice {@code [start:stop]} / {@code [start:stop:step]}, any part optional. */
    private AstNode subscript(AstNode base, boolean lvalue, boolean strict) throws ScanException, ParseException {
        consumeToken(Symbol.LBRACK);
        AstNode first = expr(false);
        Token next = consumeToken();
        if (next.getSymbol() == Symbol.RBRACK) {
            if (first == null) fail("an index");
            var bracket = createAstBracket(base, first, lvalue, strict);
            return getToken().getSymbol() == Symbol.LPAREN && context.isEnabled(Builder.Feature.METHOD_INVOCATIONS)
                    ? createAstMethod(bracket, params()) : bracket;
        }
        if (next.getSymbol() != Symbol.COLON) fail(Symbol.RBRACK);
        AstNode stop = expr(false);
        AstNode step = null;
        if (getToken().getSymbol() == Symbol.COLON) {
            consumeToken();
            step = expr(false);
        }
        consumeToken(Symbol.RBRACK);
        List<AstNode> params = new ArrayList<>(List.of(base, interpreter(), orNull(first), orNull(stop), orNull(step)));
        return createAstMethod(createAstDot(identifier(FILTER_PREFIX + SLICE_FILTER), "filter", true), new AstParameters(params));
    }

    private static AstNode orNull(AstNode n) {
        return n == null ? new AstNull() : n;
    }
}
