package com.jarvis.ingress.web;

import java.io.IOException;
import java.io.PrintWriter;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's last word on requests it refuses before any servlet runs (a 100 KB header, {@code %2F}, {@code %00} or
 * overlong UTF-8 in the path...): the JSON error shape and our security headers instead of its HTML page. Requests
 * that reach Spring are answered by {@link JsonErrorController} and never get here with an empty body.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String code = switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            case 505 -> "http_version_not_supported";
            default -> status >= 500 ? "internal_error" : "error";
        };
        String message = status >= 500 && status != 505 || known == null ? "Request could not be processed"
                : known.getReasonPhrase();
        try {
            response.resetBuffer(true);
            SecurityHeadersFilter.apply(response, false);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            PrintWriter out = response.getReporter();
            if (out != null) {
                out.write("{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The connection is gone or the response already committed: nothing more can be said.
        }
    }
}
