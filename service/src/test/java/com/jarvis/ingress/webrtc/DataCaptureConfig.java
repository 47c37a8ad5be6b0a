package com.jarvis.ingress.webrtc;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The data channel tests' listener; one shared configuration, since component scanning sees test classes too. */
@Configuration(proxyBeanMethods = false)
public class DataCaptureConfig {
    @Bean
    DataCapturingListener dataCapturingListener() {
        return new DataCapturingListener();
    }
}
