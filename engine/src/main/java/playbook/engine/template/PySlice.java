package playbook.engine.template;

import java.util.ArrayList;
import java.util.List;
import playbook.engine.TemplateException;

/**
 * Python's {@code seq[start:stop:step]} on strings, lists and tuples: missing bounds, negative
 * bounds and steps, bounds past either end clamped (never an error). A string slice is a
 * string; a tuple slice is a tuple; anything else iterable slices to a list.
 */
final class PySlice {
    private PySlice() {}

    static Object apply(Object base, Object start, Object stop, Object step) {
        Object b = Values.unwrap(base);
        if (b == null) throw new TemplateException("'NoneType' object is not subscriptable");
        if (b instanceof java.util.Map<?, ?>) throw new TemplateException("unhashable type: 'slice'");
        long st = step == null ? 1 : index(step);
        if (st == 0) throw new TemplateException("slice step cannot be zero");
        if (b instanceof String s) {
            int[] cps = s.codePoints().toArray();
            StringBuilder out = new StringBuilder();
            for (int i : indices(cps.length, start, stop, st)) out.appendCodePoint(cps[i]);
            return out.toString();
        }
        List<Object> items = Values.toList(b);
        List<Object> out = new ArrayList<>();
        for (int i : indices(items.size(), start, stop, st)) out.add(items.get(i));
        return b instanceof PyTuple ? new PyTuple(out) : out;
    }

    /** The indices a slice selects from a sequence of the given length, in order. */
    private static List<Integer> indices(int length, Object start, Object stop, long step) {
        long lo;
        long hi;
        if (step > 0) {
            lo = start == null ? 0 : clamp(index(start), length, 0, length);
            hi = stop == null ? length : clamp(index(stop), length, 0, length);
        } else {
            lo = start == null ? length - 1 : clamp(index(start), length, -1, length - 1);
            hi = stop == null ? -1 : clamp(index(stop), length, -1, length - 1);
        }
        List<Integer> out = new ArrayList<>();
        if (step > 0) for (long i = lo; i < hi; i += step) out.add((int) i);
        else for (long i = lo; i > hi; i += step) out.add((int) i);
        return out;
    }

    private static long clamp(long i, int length, long min, long max) {
        if (i < 0) i += length;
        return Math.max(min, Math.min(max, i));
    }

    private static long index(Object v) {
        Object u = Values.unwrap(v);
        if (u instanceof Long || u instanceof Boolean) return Values.toLong(u);
        throw new TemplateException("slice indices must be integers or None or have an __index__ method");
    }
}
