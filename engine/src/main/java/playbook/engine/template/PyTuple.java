package playbook.engine.template;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;

/** A Python tuple: a list that prints as (a, b), as zip() and dict.items() produce. */
final class PyTuple extends ArrayList<Object> {
    PyTuple(Collection<?> items) {
        super(items);
    }

    static PyTuple of(Object... items) {
        return new PyTuple(Arrays.asList(items));
    }
}
