package com.jarvis.ingress.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Errors raised outside the MVC handlers (filters, the container) get the same JSON shape, never an HTML page. */
@RestController
public class JsonErrorController implements ErrorController {

    @RequestMapping("/error")
    public ResponseEntity<ErrorBody> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (request.getDispatcherType() != DispatcherType.ERROR || code == null) {
            // Asked for directly: /error is no endpoint of ours, and must not let anyone inflate the 5xx count.
            return ApiExceptionHandler.respond(HttpStatus.NOT_FOUND, "not_found", "No such endpoint");
        }
        HttpStatus status = HttpStatus.resolve(code instanceof Integer i ? i : 500);
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        String errorCode = switch (status) {
            case BAD_REQUEST -> "bad_request";
            case NOT_FOUND -> "not_found";
            case PAYLOAD_TOO_LARGE -> "payload_too_large";
            case METHOD_NOT_ALLOWED -> "method_not_allowed";
            default -> status.is5xxServerError() ? "internal_error" : "error";
        };
        String message = status.is5xxServerError() ? "Internal server error" : status.getReasonPhrase();
        return ApiExceptionHandler.respond(status, errorCode, message);
    }
}
