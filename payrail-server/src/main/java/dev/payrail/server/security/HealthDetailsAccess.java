package dev.payrail.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.security.Principal;
import java.util.Optional;

/**
 * /actuator/health shows its details (disk paths, circuits, queue depths) to operators only: a request bearing an
 * operator token is made an authenticated principal in the role {@value #ROLE}, which
 * {@code management.endpoint.health.show-details: when-authorized} asks for. Anyone else (a load balancer, a
 * probe) sees the statuses alone; readiness and liveness answer the same to everyone.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class HealthDetailsAccess extends OncePerRequestFilter {
    static final String ROLE = "payrail-operator";

    private final Operators operators;

    HealthDetailsAccess(Operators operators) {
        this.operators = operators;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/actuator/health");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        Optional<Caller> operator = header != null && header.startsWith("Bearer ")
                ? operators.authenticate(header.substring(7).trim()) : Optional.empty();
        if (operator.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Principal principal = operator.get()::operator;
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public Principal getUserPrincipal() {
                return principal;
            }

            @Override
            public boolean isUserInRole(String role) {
                return ROLE.equals(role);
            }
        }, response);
    }
}
