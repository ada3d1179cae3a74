package dev.payrail.server.api;

import dev.payrail.server.PayrailProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Reads each POST body of the API once, refusing oversized ones with 413 before any work, and keeps the bytes
 * so that the idempotency fingerprint and the controller see exactly the same request.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
public class BufferedBody extends OncePerRequestFilter {
    private final int maxBytes;
    private final ErrorResponses errors;

    public BufferedBody(PayrailProperties properties, ErrorResponses errors) {
        this.maxBytes = properties.payments().maxRequestBytes();
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // settlement reports are uploads of any size, streamed to a temporary file by the multipart resolver; pages
        // outside the API (the hosted checkout's form) are read as form parameters by the servlet container, under
        // its own size limit, and need no fingerprint
        return !"POST".equals(request.getMethod()) || ReportUploads.is(request) || !ApiSurfaces.isApi(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            errors.write(request, response, tooLarge());
            return;
        }
        byte[] body = request.getInputStream().readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            errors.write(request, response, tooLarge());
            return;
        }
        chain.doFilter(new Buffered(request, body), response);
    }

    private ApiException tooLarge() {
        return ApiException.of(413, "invalid_request_error", "body_too_large",
                "The request body is larger than " + maxBytes + " bytes.", null);
    }

    private static final class Buffered extends HttpServletRequestWrapper {
        private final byte[] body;

        Buffered(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already buffered");
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
