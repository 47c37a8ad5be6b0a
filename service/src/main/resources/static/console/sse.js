// Server-Sent Events over fetch(): EventSource cannot send an Authorization header, so the stream is read from
// the response body and parsed here (the text/event-stream format: "event:", "data:", comments, blank lines).

/** Splits a text/event-stream into events; calls onEvent({event, data}) for each complete one. */
export class SseParser {
  constructor(onEvent) {
    this.onEvent = onEvent;
    this.buffer = '';
    this.event = '';
    this.data = [];
  }

  push(text) {
    this.buffer += text;
    let eol;
    while ((eol = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, eol);
      const width = this.buffer.startsWith('\r\n', eol) ? 2 : 1;
      this.buffer = this.buffer.slice(eol + width);
      this.line(line);
    }
  }

  line(line) {
    if (line === '') {
      if (this.data.length > 0) this.onEvent({ event: this.event || 'message', data: this.data.join('\n') });
      this.event = '';
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return; // comment (keepalive)
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
  }
}

/**
 * Reads GET /api/session/:id/events until the server ends it or signal aborts. onEvent gets {event, data} with
 * data parsed as JSON. Resolves when the stream ends.
 */
export async function readSessionEvents(api, sessionId, onEvent, signal) {
  const r = await api.fetch(`/api/session/${encodeURIComponent(sessionId)}/events`, {
    headers: { Accept: 'text/event-stream' },
    signal,
  });
  const parser = new SseParser(({ event, data }) => {
    let parsed;
    try {
      parsed = JSON.parse(data);
    } catch {
      return;
    }
    onEvent({ event, data: parsed });
  });
  const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      parser.push(value);
    }
  } finally {
    reader.releaseLock();
  }
}
