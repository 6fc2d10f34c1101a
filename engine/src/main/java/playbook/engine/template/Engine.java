package playbook.engine.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jinjava.javax.el.CompositeELResolver;
import jinjava.javax.el.ExpressionFactory;
import playbook.engine.TemplateException;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;

/**
 * The one configured Jinjava (built once, shared by all threads) and the two ways to run it:
 * evaluate an expression to a native value, or render text. Each run gets a fresh interpreter
 * and {@link SessionContext}; nothing of a run stays in shared state except the parse caches.
 */
final class Engine {
    private static final int CACHE_LIMIT = 4096;

    private final Jinjava jinjava;
    private final JinjavaConfig textConfig;
    private final Map<String, TemplateSource.Prepared> prepared = new ConcurrentHashMap<>();

    Engine() {
        textConfig = config();
        jinjava = new Jinjava(textConfig) {
            private final ExpressionFactory expressions = AnsibleParser.expressionFactory();

            @Override
            public ExpressionFactory getExpressionFactory() {
                return expressions;
            }
        };
        Registry.registerAll(jinjava);
    }

    /** Ansible's environment: trim_blocks on for every string, not only template files. */
    private static JinjavaConfig config() {
        LegacyOverrides overrides = LegacyOverrides.newBuilder()
                .withUsePyishObjectMapper(true)
                .withUseSnakeCasePropertyNaming(true)
                .withUseNaturalOperatorPrecedence(true)
                .withIterateOverMapKeys(true)
                .withEvaluateMapKeys(true)
                .withKeepNullableLoopValues(true)
                .withParseWhitespaceControlStrictly(true)
                .build();
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new AnsibleELResolver());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_WRITE);
        return JinjavaConfig.newBuilder()
                .withInterperterFactory(AnsibleInterpreter.FACTORY)
                .withLegacyOverrides(overrides)
                .withElResolver(resolver)
                .withFailOnUnknownTokens(false)
                .withNestedInterpretationEnabled(false)
                .withTrimBlocks(true)
                .withKeepTrailingNewline(true)
                .withMaxRenderDepth(20)
                .build();
    }

    /**
     * Renders s; in native mode a single {{ expr }} keeps its type (lazy views may remain).
     * Like Ansible's Templar, text around the expression makes the result a string (a list,
     * dict or bool survives trailing whitespace only, as Ansible's literal_eval of the text
     * does), and the trailing newlines of s are kept.
     */
    Object template(String s, Session session, boolean nativeMode) {
        String body = Newlines.stripOne(s);
        TemplateSource.Prepared p = prepare(body);
        if (nativeMode && p.singleExpression() != null) {
            Object value = evaluatePrepared(p.singleExpression(), s, session);
            if (body.equals(s) && p.text().startsWith("{{") && p.text().endsWith("}}")) return value;
            boolean leading = !p.text().startsWith("{{");
            if (!leading && (value instanceof List<?> || value instanceof Map<?, ?> || value instanceof Boolean)) return value;
            String text = value == null ? "" : PyRepr.str(value);
            return Newlines.keep(s, surround(p.text(), text));
        }
        return Newlines.keep(s, render(p.text(), s, session, textConfig));
    }

    /** The text of a single-expression template: its value with the whitespace around it. */
    private static String surround(String template, String value) {
        int open = template.indexOf("{{");
        int close = template.lastIndexOf("}}");
        String lead = template.charAt(open + 2) == '-' ? "" : template.substring(0, open);
        String trail = template.charAt(close - 1) == '-' ? "" : template.substring(close + 2);
        return lead + value + trail;
    }

    /** Renders a template file as the template module does (trim_blocks, trailing newlines kept). */
    String renderFile(String s, Session session) {
        return Newlines.keep(s, render(prepare(Newlines.stripOne(s)).text(), s, session, textConfig));
    }

    /** Evaluates a bare expression (it gets the same rewriting as the inside of {{ }}). */
    Object evaluate(String expression, Session session) {
        TemplateSource.Prepared p = prepare("{{ " + expression + " }}");
        String expr = p.singleExpression() != null ? p.singleExpression() : expression;
        return evaluatePrepared(expr, expression, session);
    }

    private TemplateSource.Prepared prepare(String s) {
        TemplateSource.Prepared p = prepared.get(s);
        if (p == null) {
            p = TemplateSource.prepare(s);
            if (prepared.size() >= CACHE_LIMIT) prepared.clear();
            prepared.put(s, p);
        }
        return p;
    }

    private Object evaluatePrepared(String expr, String source, Session session) {
        Object result = withInterpreter(session, textConfig, source, interp -> interp.resolveELExpression(expr, 1));
        if (result instanceof Undefined u) throw u.fail();
        session.takeFailure();
        return Values.unwrap(result);
    }

    private String render(String text, String source, Session session, JinjavaConfig config) {
        return withInterpreter(session, config, source, interp -> interp.render(text));
    }

    /**
     * Runs {@code body} on a borrowed interpreter in its own scope and turns what Jinjava reports
     * (thrown or recorded as errors) into one TemplateException naming the source.
     */
    private <T> T withInterpreter(Session session, JinjavaConfig config, String source,
                                  java.util.function.Function<JinjavaInterpreter, T> body) {
        JinjavaInterpreter interp = borrow(session, config);
        int errorsBefore = interp.getErrors().size();
        interp.enterScope();
        JinjavaInterpreter.pushCurrent(interp);
        T out;
        try {
            out = body.apply(interp);
        } catch (TemplateException e) {
            session.takeFailure();
            throw e;
        } catch (RuntimeException e) {
            throw check(interp, errorsBefore, session, source, e);
        } catch (StackOverflowError e) {
            // Jinjava's parser and evaluator recurse once per level of ( [ { or filter: a typo can't do this, a generated string can
            session.takeFailure();
            throw new TemplateException("template error while templating string: the expression is nested too deeply to"
                    + " evaluate. String: " + (source.length() > 200 ? source.substring(0, 200) + "..." : source));
        } finally {
            JinjavaInterpreter.popCurrent();
            interp.leaveScope();
            session.giveBack(config, interp);
        }
        RuntimeException error = check(interp, errorsBefore, session, source, null);
        if (error != null) throw error;
        return out;
    }

    /**
     * An interpreter for this session: creating one is the expensive part of a run (Jinjava
     * registers every function into a new EL context), so a session reuses an idle one; each
     * use gets its own scope, so {% set %} does not leak from one string to the next.
     */
    private JinjavaInterpreter borrow(Session session, JinjavaConfig config) {
        JinjavaInterpreter interp = session.borrow(config);
        return interp != null ? interp : new AnsibleInterpreter(jinjava, new SessionContext(jinjava.getGlobalContext(), session), config);
    }

    /** The error to report for a run: the recorded failure, else the first fatal Jinjava error. */
    private static RuntimeException check(JinjavaInterpreter interp, int errorsBefore, Session session, String source, RuntimeException thrown) {
        TemplateException failure = session.takeFailure();
        if (failure != null) return failure;
        java.util.List<TemplateError> errors = interp.getErrors();
        for (TemplateError e : errors.subList(Math.min(errorsBefore, errors.size()), errors.size())) {
            if (e.getSeverity() == TemplateError.ErrorType.FATAL) {
                return new TemplateException("template error while templating string: " + clean(e.getMessage())
                        + ". String: " + source, e.getException());
            }
        }
        if (thrown != null) {
            return new TemplateException("template error while templating string: " + clean(thrown.getMessage())
                    + ". String: " + source, thrown);
        }
        return null;
    }

    private static String clean(String message) {
        if (message == null) return "unknown error";
        return message.replace(TemplateSource.FORMAT_FUNCTION, "format");
    }
}
