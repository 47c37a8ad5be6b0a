package com.jarvis.ingress.observability;

import com.jarvis.ingress.web.ErrorBody;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Remembers the error code of each {@code {error:{code,...}}} body as it is written, so the error counter uses the
 * same code the client saw. Responses written outside MVC (filters, the container) fall back to a code by status.
 */
@RestControllerAdvice
public class ErrorCodes implements ResponseBodyAdvice<Object> {
    static final String ATTRIBUTE = ErrorCodes.class.getName() + ".code";

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                     Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                     ServerHttpResponse response) {
        if (body instanceof ErrorBody error && error.error() != null && request instanceof ServletServerHttpRequest servlet) {
            servlet.getServletRequest().setAttribute(ATTRIBUTE, error.error().code());
        }
        return body;
    }

    static String of(HttpServletRequest request, int status) {
        if (request.getAttribute(ATTRIBUTE) instanceof String code) {
            return code;
        }
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            case 429 -> "rate_limited";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal_error" : "http_" + status;
        };
    }
}
