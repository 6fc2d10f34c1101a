package playbook.engine;

/** A Jinja template failed: undefined variable, syntax error, bad filter argument. */
public class TemplateException extends PlaybookException {
    public TemplateException(String message) { super(message); }
    public TemplateException(String message, Throwable cause) { super(message, cause); }
}
