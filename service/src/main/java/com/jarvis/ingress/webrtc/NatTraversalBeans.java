package com.jarvis.ingress.webrtc;

import com.jarvis.ingress.config.InvalidConfigurationException;
import com.jarvis.ingress.media.stun.StunServer;
import com.jarvis.ingress.media.stun.StunServerConfig;
import com.jarvis.ingress.media.transport.WebRtcServerConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** NAT traversal: the built-in STUN server (STUN_PORT) and the ICE servers handed to clients (STUN, coturn's TURN). */
@Configuration(proxyBeanMethods = false)
public class NatTraversalBeans {
    private static final Logger log = LoggerFactory.getLogger(NatTraversalBeans.class);

    @Bean
    public IceServersConfig iceServersConfig(Environment environment, WebRtcServerConfig media) {
        List<String> warnings = new ArrayList<>();
        IceServersConfig config = IceServersConfig.load(environment::getProperty, warnings);
        String conflict = config.conflictWith(media);
        if (conflict != null) {
            throw new InvalidConfigurationException(List.of(conflict));
        }
        warnings.forEach(log::warn);
        return config;
    }

    /** Binds STUN_PORT (UDP and TCP) on MEDIASOUP_LISTEN_IP; a taken port stops start-up with a clear message. */
    @Bean(destroyMethod = "close")
    public BuiltInStun builtInStun(IceServersConfig config, WebRtcServerConfig media) throws IOException {
        if (!config.stunEnabled()) {
            return new BuiltInStun(null);
        }
        try {
            StunServer server = StunServer.start(
                    StunServerConfig.of(InetAddress.getByName(media.listenIp()), config.stunPort()));
            log.info("STUN server on {} port {} (udp, tcp)", media.listenIp(), server.port());
            return new BuiltInStun(server);
        } catch (BindException e) {
            throw new InvalidConfigurationException(List.of("STUN_PORT " + config.stunPort() + " is already in use on "
                    + media.listenIp() + " (" + e.getMessage() + "): is coturn or another STUN server running on this"
                    + " host? Set STUN_PORT=0 to turn the built-in STUN server off, or choose another port"));
        }
    }
}
