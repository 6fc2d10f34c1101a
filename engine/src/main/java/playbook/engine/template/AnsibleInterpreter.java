package playbook.engine.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpreterFactory;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;

/** A Jinjava interpreter that prints values the Python way: True, None as "", ['a'], {'a': 1}. */
final class AnsibleInterpreter extends JinjavaInterpreter {
    static final InterpreterFactory FACTORY = new InterpreterFactory() {
        @Override
        public JinjavaInterpreter newInstance(JinjavaInterpreter orig) {
            return new AnsibleInterpreter(orig);
        }

        @Override
        public JinjavaInterpreter newInstance(Jinjava application, Context context, JinjavaConfig config) {
            return new AnsibleInterpreter(application, context, config);
        }
    };

    AnsibleInterpreter(Jinjava application, Context context, JinjavaConfig config) {
        super(application, context, config);
    }

    AnsibleInterpreter(JinjavaInterpreter orig) {
        super(orig);
    }

    @Override
    public String getAsString(Object object) {
        if (object instanceof Undefined u) throw u.fail();
        return object == null ? "" : PyRepr.str(object);
    }
}
