package com.jarvis.ingress;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/** The Jarvis Ingress service. The media library ({@code com.jarvis.ingress.media}) is plain Java: never scanned. */
@SpringBootApplication
@ComponentScan(excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = "com\\.jarvis\\.ingress\\.media\\..*"))
public class IngressApplication {
    public static void main(String[] args) {
        SpringApplication.run(IngressApplication.class, args);
    }
}
