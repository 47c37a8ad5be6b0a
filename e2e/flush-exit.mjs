// process.exit() drops what is still queued for a piped stdout (writes to pipes are asynchronous in Node), which
// cut off the last JSON result lines once 20 sessions' results passed the 64 KiB pipe buffer. Exit only once
// everything written so far has been handed to the pipe: a write's callback runs after the writes before it.
export function exitWhenFlushed(code) {
  process.exitCode = code;
  process.stdout.write('', () => process.exit(code));
}
