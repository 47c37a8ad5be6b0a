package com.jarvis.ingress.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jarvis.ingress.web.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SessionConfigParserTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode json(String s) {
        return JSON.readTree(s);
    }

    @Test
    void missingFieldsTakeTheBase() {
        assertThat(SessionConfigParser.audio(null, AudioConfig.DEFAULT)).isEqualTo(AudioConfig.DEFAULT);
        assertThat(SessionConfigParser.audio(json("{\"codec\":\"pcm\"}"), AudioConfig.DEFAULT))
                .isEqualTo(new AudioConfig(16000, 1, 16, "pcm"));
        VoiceConfig base = new VoiceConfig("nova", 1.2, 0.9, "fr-FR");
        assertThat(SessionConfigParser.voice(json("{\"speed\":2}"), base)).isEqualTo(new VoiceConfig("nova", 2.0, 0.9, "fr-FR"));
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
        assertThatThrownBy(() -> SessionConfigParser.audio(json(body), AudioConfig.DEFAULT))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(400);
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
        assertThatThrownBy(() -> SessionConfigParser.voice(json(body), VoiceConfig.DEFAULT))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).startsWith(field + ":"));
    }

    @Test
    void rangesIncludeTheirEnds() {
        assertThat(SessionConfigParser.voice(json("{\"speed\":0.25,\"pitch\":4}"), VoiceConfig.DEFAULT).speed()).isEqualTo(0.25);
    }

    @ParameterizedTest
    @CsvSource({"en-US,en-US", "en-us,en-US", "de,de", "zh-Hant-TW,zh-Hant-TW", "sr-Latn,sr-Latn", "es-419,es-419"})
    void languageTagsAreBcp47AndCanonicalised(String in, String out) {
        assertThat(SessionConfigParser.languageTag(in)).isEqualTo(out);
    }
}
