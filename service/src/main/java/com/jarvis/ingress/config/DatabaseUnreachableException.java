package com.jarvis.ingress.config;

/** Start-up gave up on the database; the message says where it tried and how often. */
public class DatabaseUnreachableException extends RuntimeException {
    public DatabaseUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
