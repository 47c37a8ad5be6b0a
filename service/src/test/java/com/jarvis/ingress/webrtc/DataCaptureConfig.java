package com.jarvis.ingress.webrtc;

import org.springframework.context.annotation.Bean;

/**
 * The data channel tests' listener, for {@code ServiceInstance.start(env, DataCaptureConfig.class)}. Deliberately not
 * a {@code @Configuration}: component scanning sees test classes too, and a scanned capture listener would be a PCM
 * listener in every test instance (so Opus pass-through would still decode). Passed as a source, its {@code @Bean}
 * method is processed all the same.
 */
public class DataCaptureConfig {
    @Bean
    DataCapturingListener dataCapturingListener() {
        return new DataCapturingListener();
    }
}
