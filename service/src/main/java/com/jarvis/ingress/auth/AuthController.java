package com.jarvis.ingress.auth;

import com.jarvis.ingress.error.ServiceException;
import com.jarvis.ingress.web.JsonInput;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /api/auth/*} of the spec. */
@RestController
@RequestMapping(path = "/api/auth", produces = MediaType.APPLICATION_JSON_VALUE)
public class AuthController {
    static final int MAX_IDENTIFIER = 256;
    private final AuthService auth;

    public AuthController(AuthService auth) {
        this.auth = auth;
    }

    @PostMapping(path = "/register", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Registration register(@RequestBody JsonNode body) {
        JsonInput.object(body);
        String identifier = JsonInput.requiredString(body, "deviceIdentifier", "deviceIdentifier", MAX_IDENTIFIER);
        if (identifier.chars().anyMatch(Character::isISOControl)) {
            throw ServiceException.invalid("deviceIdentifier", "must not contain control characters");
        }
        String deviceToken = JsonInput.optionalString(body, "deviceToken", "deviceToken", 256);
        return auth.register(identifier, deviceToken);
    }

    @PostMapping(path = "/refresh", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Refreshed refresh(@RequestBody JsonNode body) {
        JsonInput.object(body);
        return auth.refresh(JsonInput.requiredString(body, "refreshToken", "refreshToken", 4096));
    }

    @PostMapping("/revoke")
    public Map<String, Object> revoke(AuthenticatedDevice caller) {
        auth.revoke(caller);
        return Map.of("success", true, "message", "Device token revoked");
    }
}
