package playbook.engine.template;

import playbook.engine.TemplateException;

/** A template used an undefined variable, attribute or element. */
final class UndefinedException extends TemplateException {
    UndefinedException(String message) {
        super(message);
    }
}
