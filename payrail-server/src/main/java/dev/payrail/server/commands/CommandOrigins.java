package dev.payrail.server.commands;

import dev.payrail.server.api.RequestIds;
import dev.payrail.server.audit.AuditLog;
import dev.payrail.server.idempotency.IdempotencyFilter;
import dev.payrail.server.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;
import java.util.Optional;

/**
 * Where a request becomes a {@link CommandOrigin}: a controller method that takes one is a command of the
 * pipeline. This is the only place that reads the caller, the key and the audit facts off the request for a
 * command; everything below the controller gets them as a value.
 */
@Configuration
class CommandOrigins implements WebMvcConfigurer, HandlerMethodArgumentResolver {

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == CommandOrigin.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest webRequest,
                                  WebDataBinderFactory binders) {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        Caller caller = Caller.of(request);
        // an operator acts under its own name on the timeline, as the console's refund and cancel always recorded
        String actor = caller.admin() ? "operator:" + caller.operator() : caller.actor();
        return new CommandOrigin(actor, Optional.ofNullable(IdempotencyFilter.keyOf(request)), caller.auditActor(),
                AuditLog.action(request.getMethod(), request.getRequestURI()), AuditLog.objectIn(request.getRequestURI()),
                RequestIds.of(request),
                request.getRemoteAddr(), () -> request.setAttribute(AuditLog.WRITTEN_BY_COMMAND, Boolean.TRUE),
                AnswerShape.AS_IS);
    }
}
