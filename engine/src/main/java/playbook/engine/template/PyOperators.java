package playbook.engine.template;

import com.hubspot.jinjava.el.ext.StringConcatOperator;
import jinjava.de.odysseus.el.misc.TypeConverter;
import jinjava.de.odysseus.el.tree.impl.Parser.ExtensionHandler;
import jinjava.de.odysseus.el.tree.impl.Parser.ExtensionPoint;
import jinjava.de.odysseus.el.tree.impl.ast.AstBinary;
import jinjava.de.odysseus.el.tree.impl.ast.AstNode;

/**
 * Binary operators with Python semantics where Jinjava's EL coerces: {@code ==} and {@code !=}
 * never convert between strings and numbers ({@code '1' == 1} is false), and {@code ~} joins
 * the Python str() of both sides ({@code 'a' ~ true} is "aTrue").
 */
final class PyOperators {
    private PyOperators() {}

    static final AstBinary.Operator EQ = new AstBinary.SimpleOperator() {
        @Override
        protected Object apply(TypeConverter converter, Object a, Object b) {
            return Values.pyEquals(defined(a), defined(b));
        }

        @Override
        public String toString() {
            return "==";
        }
    };

    static final AstBinary.Operator NE = new AstBinary.SimpleOperator() {
        @Override
        protected Object apply(TypeConverter converter, Object a, Object b) {
            return !Values.pyEquals(defined(a), defined(b));
        }

        @Override
        public String toString() {
            return "!=";
        }
    };

    static final AstBinary.Operator CONCAT = new AstBinary.SimpleOperator() {
        @Override
        protected Object apply(TypeConverter converter, Object a, Object b) {
            return PyRepr.str(defined(a)) + PyRepr.str(defined(b));
        }

        @Override
        public String toString() {
            return "~";
        }
    };

    /** The handler that makes {@code ~} build a {@link #CONCAT} node. */
    static final ExtensionHandler CONCAT_HANDLER = new ExtensionHandler(ExtensionPoint.ADD) {
        @Override
        public AstNode createAstNode(AstNode... children) {
            return new AstBinary(children[0], children[1], CONCAT);
        }
    };

    static void install(AnsibleParser parser) {
        parser.putExtensionHandler(StringConcatOperator.TOKEN, CONCAT_HANDLER);
    }

    private static Object defined(Object v) {
        Object u = Values.unwrap(v);
        if (u instanceof Undefined undefined) throw undefined.fail();
        return u;
    }
}
