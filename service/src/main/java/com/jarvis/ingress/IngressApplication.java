package com.jarvis.ingress;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class IngressApplication {
    public static void main(String[] args) {
        SpringApplication.run(IngressApplication.class, args);
    }
}
