package playbook.engine.template;

import com.hubspot.jinjava.util.HasObjectTruthValue;
import java.util.Iterator;

/**
 * Ansible's StrictUndefined: the value of a missing variable, attribute or element. Asking
 * whether it is defined, or giving it a default, works; anything else (printing, comparing,
 * iterating, testing its truth) fails with the Jinja message, e.g. "'foo' is undefined".
 * Attribute access on it returns itself, so {@code foo.bar is defined} is false, not an error.
 */
final class Undefined implements HasObjectTruthValue, Iterable<Object> {
    private final String message;

    private Undefined(String message) {
        this.message = message;
    }

    static Undefined variable(String name) {
        return new Undefined("'" + name + "' is undefined");
    }

    static Undefined of(String message) {
        return new Undefined(message);
    }

    /** Jinja's wording for a missing attribute of base. */
    static Undefined attribute(Object base, Object key) {
        return new Undefined("'" + PyRepr.typeName(base) + " object' has no attribute '" + key + "'");
    }

    static Undefined element(Object base, Object index) {
        return new Undefined(PyRepr.typeName(base) + " object has no element " + index);
    }

    String message() {
        return message;
    }

    /** Builds (and records in the current session) the error for using this value. */
    UndefinedException fail() {
        UndefinedException e = new UndefinedException(message);
        Session.recordFailure(e);
        return e;
    }

    @Override
    public String toString() {
        throw fail();
    }

    @Override
    public boolean getObjectTruthValue() {
        throw fail();
    }

    @Override
    public Iterator<Object> iterator() {
        throw fail();
    }

    @Override
    public boolean equals(Object other) {
        if (other == this) return true;
        throw fail();
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
