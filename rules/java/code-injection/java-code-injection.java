package com.example.rules;

import javax.script.Bindings;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineManager;
import javax.script.ScriptException;
import javax.servlet.http.HttpServletRequest;
import groovy.lang.GroovyShell;
import org.springframework.expression.Expression;
import org.springframework.expression.ExpressionParser;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.SimpleEvaluationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class PricingRulesController {
    private static final String DISCOUNT_RULE = "price * (1 - discount)";
    private final ScriptEngine engine = new ScriptEngineManager().getEngineByName("javascript");
    private final ExpressionParser parser = new SpelExpressionParser();

    private String wrap(String body) {
        return "(function() { return " + body + "; })()";
    }

    @PostMapping("/rules/preview")
    public Object preview(@RequestBody String script) throws ScriptException {
        // ruleid: java-code-injection
        return engine.eval(wrap(script));
    }

    @GetMapping("/rules/discount")
    public Object discount(@RequestParam String price, @RequestParam String discount) throws ScriptException {
        Bindings bindings = engine.createBindings();
        bindings.put("price", Double.parseDouble(price));
        bindings.put("discount", Double.parseDouble(discount));
        // ok: java-code-injection
        return engine.eval(DISCOUNT_RULE, bindings);
    }

    @GetMapping("/rules/spel")
    public Object spel(@RequestParam("expr") String expr, @RequestParam("field") String field) {
        // ruleid: java-code-injection
        Expression expression = parser.parseExpression("#root." + field);
        // ok: java-code-injection
        Expression fixed = parser.parseExpression("total > 100");
        SimpleEvaluationContext context = SimpleEvaluationContext.forReadOnlyDataBinding().build();
        context.setVariable("expr", expr);
        return fixed.getValue(context);
    }

    Object groovy(HttpServletRequest request) {
        GroovyShell shell = new GroovyShell();
        String formula = request.getParameter("formula");
        // ruleid: java-code-injection
        Object result = shell.evaluate(formula);
        // ok: java-code-injection
        shell.evaluate("1 + 1");
        return result;
    }
}
