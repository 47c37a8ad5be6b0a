package com.jarvis.ingress.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * A Server-Sent Events client reading the stream incrementally over the network (java.net.http, line by line, on
 * its own thread), as a device would: each event is available as soon as its blank line arrives.
 */
public final class SseStream implements AutoCloseable {
    /** One event: its name, its data parsed as JSON. */
    public record Event(String name, JsonNode data) {
    }

    /** Marks the end of the stream (the server completed it) in the queue. */
    private static final Event END = new Event("<end>", null);

    private final HttpResponse<Stream<String>> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<String> comments = new ArrayList<>();
    private final Thread reader;
    /** The whole body of a refused request (not an event stream). */
    private final String errorBody;

    private SseStream(HttpResponse<Stream<String>> response) {
        this.response = response;
        if (response.statusCode() != 200) {
            try (Stream<String> lines = response.body()) {
                errorBody = String.join("\n", lines.toList());
            }
            reader = null;
            return;
        }
        errorBody = null;
        this.reader = new Thread(this::read, "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** The JSON body of a refused request. */
    public JsonNode error() {
        return ApiClient.JSON.readTree(errorBody);
    }

    /** Opens {@code GET path} with the token; answers the response whatever its status (check {@link #status()}). */
    public static SseStream open(int port, String path, String token) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "text/event-stream");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return new SseStream(http.send(request.GET().build(), HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public java.net.http.HttpHeaders headers() {
        return response.headers();
    }

    private void read() {
        String name = "message";
        StringBuilder data = new StringBuilder();
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(name, ApiClient.JSON.readTree(data.toString())));
                    }
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    synchronized (comments) {
                        comments.add(line.substring(1).trim());
                    }
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(line.substring(5).stripLeading());
                }
            }
        } catch (RuntimeException closed) {
            // close() cut the connection, or the body was not an event stream
        }
        events.add(END);
    }

    /** The next event, waiting up to 20 s for it; fails when the stream ended or nothing came. */
    public Event next() {
        Event e = poll(Duration.ofSeconds(20));
        if (e == null) {
            throw new AssertionError("no event within 20 s");
        }
        if (e == END) {
            events.add(END);
            throw new AssertionError("the stream ended where an event was expected");
        }
        return e;
    }

    /** The next event within the timeout, null if none; the end of the stream stays for {@link #awaitEnd}. */
    public Event poll(Duration timeout) {
        try {
            Event e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (e == END) {
                events.add(END);
            }
            return e;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** Waits until the server completes the stream; fails if another event comes first or it stays open. */
    public void awaitEnd() {
        Event e = poll(Duration.ofSeconds(20));
        if (e != END) {
            throw new AssertionError(e == null ? "the stream is still open after 20 s" : "unexpected event " + e);
        }
    }

    public List<String> comments() {
        synchronized (comments) {
            return List.copyOf(comments);
        }
    }

    /** Closes the connection, as a device going away would. */
    @Override
    public void close() {
        if (reader == null) {
            return;
        }
        reader.interrupt();
        try {
            response.body().close();
        } catch (RuntimeException ignored) {
            // already closed
        }
    }
}
