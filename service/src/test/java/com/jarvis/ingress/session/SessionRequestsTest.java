package com.jarvis.ingress.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jarvis.ingress.error.ServiceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SessionRequestsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode json(String s) {
        return JSON.readTree(s);
    }

    @Test
    void missingFieldsTakeTheBase() {
        assertThat(SessionRequests.audio(null).applyTo(AudioConfig.DEFAULT)).isEqualTo(AudioConfig.DEFAULT);
        assertThat(SessionRequests.audio(json("{\"codec\":\"pcm\"}")).applyTo(AudioConfig.DEFAULT))
                .isEqualTo(new AudioConfig(16000, 1, 16, "pcm"));
        VoiceConfig base = new VoiceConfig("nova", 1.2, 0.9, "fr-FR");
        assertThat(SessionRequests.voice(json("{\"speed\":2}")).applyTo(base)).isEqualTo(new VoiceConfig("nova", 2.0, 0.9, "fr-FR"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"sampleRate\":44100}|audioConfig.sampleRate",
            "{\"sampleRate\":16000.5}|audioConfig.sampleRate",
            "{\"sampleRate\":\"16000\"}|audioConfig.sampleRate",
            "{\"channels\":0}|audioConfig.channels",
            "{\"channels\":3}|audioConfig.channels",
            "{\"bitDepth\":8}|audioConfig.bitDepth",
            "{\"codec\":\"OPUS\"}|audioConfig.codec",
            "{\"codec\":7}|audioConfig.codec"})
    void badAudioNamesTheField(String body, String field) {
        assertThatThrownBy(() -> SessionRequests.audio(json(body)))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServiceException.Kind.INVALID);
                    assertThat(e.getMessage()).startsWith(field + ":");
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"speed\":0.2}|voiceConfig.speed",
            "{\"speed\":4.01}|voiceConfig.speed",
            "{\"pitch\":\"high\"}|voiceConfig.pitch",
            "{\"language\":\"en_US\"}|voiceConfig.language",
            "{\"language\":\"\"}|voiceConfig.language",
            "{\"language\":\"123\"}|voiceConfig.language",
            "{\"voiceId\":\"a b\"}|voiceConfig.voiceId"})
    void badVoiceNamesTheField(String body, String field) {
        assertThatThrownBy(() -> SessionRequests.voice(json(body)))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.getMessage()).startsWith(field + ":"));
    }

    @Test
    void rangesIncludeTheirEnds() {
        assertThat(SessionRequests.voice(json("{\"speed\":0.25,\"pitch\":4}")).speed()).isEqualTo(0.25);
    }

    @ParameterizedTest
    @CsvSource({"en-US,en-US", "en-us,en-US", "de,de", "zh-Hant-TW,zh-Hant-TW", "sr-Latn,sr-Latn", "es-419,es-419"})
    void languageTagsAreBcp47AndCanonicalised(String in, String out) {
        assertThat(VoiceConfigPatch.languageTag(in)).isEqualTo(out);
    }

    private final SessionRequests requests = new SessionRequests(JSON);

    @Test
    void createMapsTheBodyToACommand() {
        assertThat(requests.create(null)).isEqualTo(CreateSession.DEFAULTS);
        CreateSession c = requests.create(json("{\"audioConfig\":{\"codec\":\"pcm\"},\"metadata\":{\"a\":[1,2]}}"));
        assertThat(c.audio()).isEqualTo(new AudioConfigPatch(null, null, null, "pcm"));
        assertThat(c.voice()).isEqualTo(VoiceConfigPatch.NONE);
        assertThat(c.metadata().text()).isEqualTo("{\"a\":[1,2]}");
        assertThatThrownBy(() -> requests.create(json("{\"metadata\":[]}"))).hasMessage("metadata: must be an object");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}|body: must contain contextData and/or voiceConfig",
            "{\"voiceConfig\":null}|body: must contain contextData and/or voiceConfig",
            "{\"contextData\":null}|contextData: must be an object",
            "{\"contextData\":[1]}|contextData: must be an object",
            "{\"voiceConfig\":7}|voiceConfig: must be an object",
            "{\"audioConfig\":{},\"contextData\":{}}|audioConfig: cannot change once the session exists; start a new session"})
    void badUpdatesNameTheField(String body, String message) {
        assertThatThrownBy(() -> requests.update(json(body))).hasMessage(message);
    }

    @Test
    void updateMapsContextAndVoice() {
        UpdateSession u = requests.update(json("{\"contextData\":{\"k\":\"v\"},\"voiceConfig\":{\"language\":\"de\"}}"));
        assertThat(u.contextData().text()).isEqualTo("{\"k\":\"v\"}");
        assertThat(u.voice()).isEqualTo(new VoiceConfigPatch(null, null, null, "de"));
        assertThat(requests.update(json("{\"voiceConfig\":{}}")).contextData()).as("voice only").isNull();
    }
}
