package dev.payrail.server.api;

import jakarta.servlet.http.HttpServletRequest;

/** The one upload endpoint: settlement reports, which are neither buffered nor fingerprinted whole. */
public final class ReportUploads {
    public static final String PATH = "/v1/reconciliation/reports";

    private ReportUploads() {
    }

    public static boolean is(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && PATH.equals(request.getRequestURI());
    }
}
