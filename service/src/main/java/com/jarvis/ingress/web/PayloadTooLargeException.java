package com.jarvis.ingress.web;

/** Thrown while reading a request body that grows past the limit (bodies without a Content-Length). */
public class PayloadTooLargeException extends java.io.IOException {
    public PayloadTooLargeException(long limit) {
        super("Request body exceeds " + limit + " bytes");
    }
}
