package com.jarvis.ingress.asr;

/**
 * The test gateway as a process for bench/asr-forward-load.sh: listens on the port given (or a free one), prints
 * "port N", records frames, and prints the frame count every 10 s. Stops on SIGTERM.
 */
public final class AsrBenchGateway {
    private AsrBenchGateway() {
    }

    public static void main(String[] args) throws Exception {
        try (TestAsrGateway gateway = new TestAsrGateway().start()) {
            System.out.println("port " + gateway.port());
            System.out.flush();
            while (true) {
                Thread.sleep(10_000);
                System.out.println("streams " + gateway.streamsOpened());
                System.out.flush();
                gateway.forget(); // a bench runs for minutes: keep the recording from growing
            }
        }
    }
}
