package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.media.audio.DecodeConfig;
import com.jarvis.ingress.media.transport.ListenInfo;
import com.jarvis.ingress.media.transport.WebRtcServer;
import com.jarvis.ingress.media.transport.WebRtcServerConfig;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The media plane: one {@link WebRtcServer} per instance, its sockets bound at start-up. */
@Configuration(proxyBeanMethods = false)
public class MediaServerBeans {
    private static final Logger log = LoggerFactory.getLogger(MediaServerBeans.class);

    @Bean
    public WebRtcServerConfig webRtcServerConfig(Environment environment) {
        return MediaConfigLoader.load(environment::getProperty);
    }

    @Bean
    public DecodeConfig decodeConfig(Environment environment) {
        return MediaConfigLoader.loadDecoding(environment::getProperty);
    }

    @Bean
    UserTransportQuota userTransportQuota(Environment environment) {
        return new UserTransportQuota(MediaConfigLoader.maxTransportsPerUser(environment::getProperty));
    }

    @Bean(destroyMethod = "close")
    public WebRtcServer webRtcServer(WebRtcServerConfig config, DecodeConfig decoding) throws IOException {
        WebRtcServer server = WebRtcServer.start(config, decoding);
        log.info("Opus decoding: {} (OPUS_DECODER={}), {} decode threads, at most {} packets queued per session",
                server.opusDecoders().description(), decoding.implementation().wire(), decoding.threads(),
                decoding.queuePackets());
        log.info("WebRTC media on {} (udp {} tcp {}), candidates {}, {}",
                config.listenInfos().stream().map(ListenInfo::ip).toList(),
                config.enableUdp() ? server.udpPort() : "off", config.enableTcp() ? server.tcpPort() : "off",
                config.singlePort() ? server.candidates().stream()
                        .map(c -> c.protocol() + " " + c.ip() + ":" + c.port()).toList()
                        : config.listenInfos().stream().map(ListenInfo::candidateAddress).toList(),
                config.singlePort() ? "one port for all transports" : "ports " + config.minPort() + "-" + config.maxPort()
                        + " per transport");
        return server;
    }
}
